import { issue, type ConfigIssue, type OptionPath } from './config-issue.js';
import { readSpecialLogPath } from './console-paths.js';
import { findGunicornFdBind } from './gunicorn-fd-bind.js';
import { STDERR_LOGFILE_IGNORED, builtInRuntimeOnly, consolePathAsFile, gunicornFdBind, stopwaitsecsBelowGraceful, userNeedsRoot } from './messages.js';
import { DEFAULT_GRACEFUL_TIMEOUT_MS } from './normalize.js';
import type { RawProgram } from './schema.js';

/** Settings that are valid but will not do what they seem to. */
export function collectWarnings(programs: readonly { name: string; raw: RawProgram }[], uid: number | undefined): ConfigIssue[] {
  return programs.flatMap(({ name, raw }) => [
    ...(raw.user !== undefined && uid !== undefined && uid !== 0 ? [issue(['programs', name, 'user'], userNeedsRoot(uid))] : []),
    ...(raw.redirect_stderr === true && raw.stderr_logfile !== undefined ? [issue(['programs', name, 'stderr_logfile'], STDERR_LOGFILE_IGNORED, 'key')] : []),
    ...(raw.type === 'prefork' ? preforkWarnings(raw, ['programs', name]) : []),
    ...logPathWarnings(raw, ['programs', name]),
  ]);
}

/** supervisord's way of saying "the console" (`/dev/stdout`, `/proc/1/fd/1`, …) is a plain file to drover. */
function logPathWarnings(raw: RawProgram, path: OptionPath): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const option of ['stdout_logfile', 'stderr_logfile'] as const) {
    const target = raw[option];
    if (target?.kind === 'file' && readSpecialLogPath(target.path) === 'console') issues.push(issue([...path, option], consolePathAsFile(option, target.path)));
  }
  return issues;
}

function preforkWarnings(raw: RawProgram, path: OptionPath): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // Only drover's own runtime heartbeats and counts requests.
  if (raw.app === undefined) {
    for (const option of ['timeout', 'max_requests', 'max_requests_jitter'] as const) {
      if (raw[option] !== undefined) issues.push(issue([...path, option], builtInRuntimeOnly(option), 'key'));
    }
  }
  const graceful = raw.graceful_timeout ?? DEFAULT_GRACEFUL_TIMEOUT_MS;
  if (raw.stopwaitsecs !== undefined && raw.stopwaitsecs < graceful) {
    issues.push(issue([...path, 'stopwaitsecs'], stopwaitsecsBelowGraceful(raw.stopwaitsecs, graceful)));
  }
  const fdBind = raw.command === undefined ? null : findGunicornFdBind(raw.command);
  if (fdBind !== null) {
    const instead = fdBind.instead === null ? null : fdBind.instead.map(showWord).join(' ');
    issues.push(issue([...path, 'command', fdBind.word], gunicornFdBind(fdBind.written, instead)));
  }
  return issues;
}

/** A command word as sh would need it written. */
function showWord(word: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
