/**
 * foreman and Heroku run a Procfile line through sh, so `worker: FOO=bar cmd`
 * sets FOO for cmd. drover runs commands without a shell, where FOO=bar would
 * be taken for the program's name: those leading assignments are moved to
 * the program's environment instead.
 */

// NAME= followed by a double-quoted, single-quoted or bare value, then blanks.
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s'"\\]*)[ \t]+/;
// What sh would expand in a bare value, and in a double-quoted one: such a line keeps its shell.
const EXPANDS_BARE = /[$`\\*?[\]~(){}|&;<>!]/;
const EXPANDS_QUOTED = /[$`\\]/;

export interface SplitAssignments {
  /** The values as the program receives them. */
  environment: Record<string, string>;
  /** The command after the assignments. */
  command: string;
}

/** The leading `NAME=value` words of a Procfile command; null when there are none or a value needs the shell. */
export function splitLeadingAssignments(command: string): SplitAssignments | null {
  const environment: Record<string, string> = {};
  let rest = command;
  for (let match = ASSIGNMENT.exec(rest); match !== null; match = ASSIGNMENT.exec(rest)) {
    const value = unquote(match[2]!);
    if (value === null) return null;
    environment[match[1]!] = value;
    rest = rest.slice(match[0].length);
  }
  if (rest === command || rest.trim() === '') return null;
  return { environment, command: rest.trim() };
}

function unquote(written: string): string | null {
  if (written.startsWith("'")) return written.slice(1, -1);
  if (written.startsWith('"')) return EXPANDS_QUOTED.test(written) ? null : written.slice(1, -1);
  return EXPANDS_BARE.test(written) ? null : written;
}
