import { stat } from 'node:fs/promises';
import path from 'node:path';
import { issue, type ConfigIssue } from './config-issue.js';
import { appNotAFile, appUnreadable } from './messages.js';

/**
 * `app:` must name a file now, not when the first worker fails to start.
 * The message gives the absolute path, so a wrong config folder shows.
 */
export async function checkApp(program: string, app: string | undefined, dir: string): Promise<ConfigIssue[]> {
  if (app === undefined) return [];
  const file = path.resolve(dir, app);
  try {
    if ((await stat(file)).isFile()) return [];
    return [issue(['programs', program, 'app'], appNotAFile(file))];
  } catch (error) {
    return [issue(['programs', program, 'app'], appUnreadable(file, error))];
  }
}
