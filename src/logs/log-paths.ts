/**
 * Where a process's stream is logged.
 *
 * `auto` files are named `<logdir>/<group>_<process>.out.log` and
 * `.err.log`: the full process name (`web:web_0`) with `:` turned into `_`
 * because `:` upsets tools that read it as a host or drive separator, and
 * scp/rsync in particular. Any other character outside [A-Za-z0-9._-] becomes
 * `_` too, so a name can never reach outside the log folder. Two names that
 * map to the same file share it (the registry hands out one RotatingFile per
 * path), which is safe, only less tidy.
 */
import { join, resolve } from 'node:path';
import type { LogTarget } from '../config/runtime.js';
import type { OutputStreamName } from './stream-capture.js';

const STREAM_SUFFIX: Record<OutputStreamName, string> = { stdout: 'out', stderr: 'err' };

export function autoLogPath(logdir: string, processName: string, stream: OutputStreamName): string {
  const safeName = processName.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(logdir, `${safeName}.${STREAM_SUFFIX[stream]}.log`);
}

export interface LogPathContext {
  logdir: string;
  /** The process's name, `group:process`. */
  processName: string;
  stream: OutputStreamName;
}

/**
 * The file for a log target, or null for `none` and `console` (whose lines
 * the engine hands to drover's own output instead). A `file` path is used as
 * given: the engine expands its %(...)s templates first, as it does for commands.
 */
export function resolveLogPath(target: LogTarget, context: LogPathContext): string | null {
  switch (target.kind) {
    case 'none':
    case 'console':
      return null;
    case 'auto':
      return autoLogPath(context.logdir, context.processName, context.stream);
    case 'file':
      return resolve(target.path);
  }
}
