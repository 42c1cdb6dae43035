import { fail, succeed, type Result } from './result.js';
import { expectedGot } from './messages.js';
import { text, type JsonShape } from './value-shapes.js';

// Characters that a shell would treat as syntax. Since drover execs argv
// directly, leaving them in would silently pass `|` or `>` as arguments.
const OPERATOR_CHARS = new Set(['|', '&', ';', '<', '>', '`']);

/**
 * Splits a command string into argv the way POSIX sh splits words (quotes,
 * backslashes, whitespace) but without running a shell: no expansion, no
 * pipes, no redirection.
 */
export function splitCommand(command: string): Result<string[]> {
  const words: string[] = [];
  let word = '';
  // Distinguishes "no word yet" from an empty quoted word such as ''.
  let inWord = false;
  let i = 0;
  while (i < command.length) {
    const c = command[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end === -1) return fail(unterminated("'", i));
      word += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const read = readDoubleQuoted(command, i);
      if (!read.ok) return read;
      word += read.value.text;
      inWord = true;
      i = read.value.end;
    } else if (c === '\\') {
      if (i + 1 >= command.length) return fail('expected a character after the final backslash, got the end of the command');
      // Backslash-newline is a line continuation in sh, not an argument.
      if (command[i + 1] !== '\n') {
        word += command[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (OPERATOR_CHARS.has(c) || (c === '$' && command[i + 1] === '(')) {
      return fail(shellOperator(command, c === '$' ? '$(' : operatorAt(command, i)));
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) return fail(expectedGot('a command to run', command));
  return succeed(words);
}

/** What parseCommand reads, for editors. */
export const COMMAND_SHAPE: JsonShape = {
  anyOf: [
    text('split into arguments like sh splits words (quotes, backslashes), but run without a shell: no pipes or redirections'),
    { type: 'array', items: { type: ['string', 'number'] }, minItems: 1, description: 'the arguments, used as written' },
  ],
};

/**
 * Accepts a command as a string (split like sh) or as a list of arguments
 * (used as is). Numbers in a list are stringified, since YAML reads
 * `[sleep, 10]` with a numeric 10.
 */
export function parseCommand(value: unknown): Result<string[]> {
  if (typeof value === 'string') return splitCommand(value);
  const expected = 'a command string or a non-empty list of arguments';
  if (!Array.isArray(value)) return fail(expectedGot(expected, value));
  if (value.length === 0) return fail(`${expectedGot(expected, value)} with no items`);
  const argv: string[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      return fail(`${expectedGot('each argument to be a string', item)} (item ${index + 1})`);
    }
    argv.push(String(item));
  }
  if (argv[0]!.trim() === '') return fail(expectedGot('a program to run as the first item', argv[0]));
  return succeed(argv);
}

function readDoubleQuoted(command: string, start: number): Result<{ text: string; end: number }> {
  let text = '';
  let i = start + 1;
  while (i < command.length) {
    const c = command[i]!;
    if (c === '"') return succeed({ text, end: i + 1 });
    // Inside double quotes sh only lets a backslash escape these characters;
    // before anything else the backslash is kept literally.
    if (c === '\\' && i + 1 < command.length && '"\\$`\n'.includes(command[i + 1]!)) {
      if (command[i + 1] !== '\n') text += command[i + 1];
      i += 2;
    } else {
      text += c;
      i++;
    }
  }
  return fail(unterminated('"', start));
}

function operatorAt(command: string, i: number): string {
  const pair = command.slice(i, i + 2);
  return ['||', '&&', '>>', '<<', ';;'].includes(pair) ? pair : command[i]!;
}

function unterminated(quote: string, index: number): string {
  return `expected a closing ${quote} for the one at character ${index + 1}, got the end of the command`;
}

function shellOperator(command: string, operator: string): string {
  const quoted = `'${command.trim().replaceAll("'", `'\\''`)}'`;
  return `found the shell operator "${operator}", but drover runs commands without a shell; to use one, write: sh -c ${quoted}`;
}
