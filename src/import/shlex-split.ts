import { fail, type Result, succeed } from '../config/index.js';
import { noClosingQuote, noEscapedCharacter } from './import-messages.js';

/**
 * Splits a command the way supervisord does (Python's `shlex.split`, POSIX
 * mode): quotes and backslashes group words, and nothing else is special —
 * `|`, `>` or `$HOME` reach the program as plain text, since supervisord runs
 * no shell.
 */
export function shlexSplit(command: string): Result<string[]> {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < command.length) {
    const c = command[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end === -1) return fail(noClosingQuote());
      word += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const read = readDoubleQuoted(command, i + 1);
      if (read === null) return fail(noClosingQuote());
      word += read.text;
      inWord = true;
      i = read.end;
    } else if (c === '\\') {
      if (i + 1 >= command.length) return fail(noEscapedCharacter());
      word += command[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return succeed(words);
}

// In POSIX shlex a backslash inside double quotes escapes only `"` and `\`.
function readDoubleQuoted(command: string, start: number): { text: string; end: number } | null {
  let text = '';
  for (let i = start; i < command.length; i++) {
    const c = command[i]!;
    if (c === '"') return { text, end: i + 1 };
    if (c === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\')) {
      text += command[i + 1];
      i++;
    } else text += c;
  }
  return null;
}
