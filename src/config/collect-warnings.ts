import { issue, type ConfigIssue } from './config-issue.js';
import { STDERR_LOGFILE_IGNORED, userIgnored } from './messages.js';
import type { RawProgram } from './schema.js';

/** Settings that are valid but will not do what they seem to. */
export function collectWarnings(programs: readonly { name: string; raw: RawProgram }[], uid: number | undefined): ConfigIssue[] {
  return programs.flatMap(({ name, raw }) => [
    ...(raw.user !== undefined && uid !== undefined && uid !== 0 ? [issue(['programs', name, 'user'], userIgnored(uid))] : []),
    ...(raw.redirect_stderr === true && raw.stderr_logfile !== undefined ? [issue(['programs', name, 'stderr_logfile'], STDERR_LOGFILE_IGNORED, 'key')] : []),
  ]);
}
