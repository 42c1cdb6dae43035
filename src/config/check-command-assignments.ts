import { issue, type ConfigIssue, type OptionPath } from './config-issue.js';
import { commandStartsWithAssignment } from './messages.js';
import type { RawProgram } from './schema.js';

// sh's NAME=value prefix; a program path never looks like this (no slash before the `=`).
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * `FOO=bar cmd` sets FOO for cmd in a shell, as in a Procfile. drover runs no
 * shell, so the program would go FATAL as "FOO=bar is not in PATH": said at
 * check time instead. Inside `sh -c '…'` the first word is sh, and the
 * assignment is the shell's business.
 */
export function checkLeadingAssignments(raw: RawProgram, written: Record<string, unknown>, path: OptionPath): ConfigIssue[] {
  const argv = raw.command ?? [];
  const count = argv.findIndex((word) => !ASSIGNMENT.test(word));
  const assignments = argv.slice(0, count === -1 ? argv.length : count);
  if (assignments.length === 0) return [];
  // A list is shown at its first word, a string at the command itself.
  const at = Array.isArray(written.command) ? [...path, 'command', 0] : [...path, 'command'];
  return [issue(at, commandStartsWithAssignment(assignments))];
}
