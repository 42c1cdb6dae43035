/**
 * Parses the .env / env_file format used by docker compose and dotenv:
 * `KEY=VALUE`, `export KEY=VALUE`, `#` comments, single quotes (literal),
 * double quotes (with \n, \t, \r, \", \\ escapes, may span lines). Values are
 * not interpolated. Problems are returned with line numbers, never thrown.
 */

export interface DotenvProblem {
  line: number;
  column: number;
  message: string;
}

export interface DotenvResult {
  vars: Record<string, string>;
  problems: DotenvProblem[];
}

const ASSIGNMENT = /^(\s*)(export\s+)?([^=\s]*)\s*=\s*/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', $: '$' };

export function parseDotenv(text: string): DotenvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const vars: Record<string, string> = {};
  const problems: DotenvProblem[] = [];
  let index = 0;
  while (index < lines.length) {
    const lineNumber = index + 1;
    const line = lines[index]!;
    index++;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const match = ASSIGNMENT.exec(line);
    if (match === null) {
      problems.push({ line: lineNumber, column: 1, message: `expected KEY=VALUE, got ${JSON.stringify(line.trim())}` });
      continue;
    }
    const [prefix, indent, , name] = match;
    if (!NAME.test(name!)) {
      problems.push({ line: lineNumber, column: indent!.length + 1, message: `expected a variable name of letters, digits and _, got ${JSON.stringify(name)}` });
      continue;
    }
    const valueColumn = prefix.length + 1;
    const rest = line.slice(prefix.length);
    const read = readValue(rest, lines, index);
    if ('message' in read) {
      problems.push({ line: lineNumber, column: valueColumn, message: read.message });
      index = read.nextIndex;
      continue;
    }
    vars[name!] = read.value;
    index = read.nextIndex;
  }
  return { vars, problems };
}

type ReadValue = { value: string; nextIndex: number } | { message: string; nextIndex: number };

function readValue(rest: string, lines: string[], nextIndex: number): ReadValue {
  const quote = rest[0];
  if (quote !== '"' && quote !== "'") {
    // Unquoted: a # after whitespace starts a comment, as in dotenv.
    return { value: rest.replace(/(^|\s+)#.*$/, '').trim(), nextIndex };
  }
  // A quoted value may continue on following lines until its closing quote.
  let text = rest.slice(1);
  let index = nextIndex;
  let close = findClosingQuote(text, quote);
  while (close === -1 && index < lines.length) {
    text += '\n' + lines[index]!;
    index++;
    close = findClosingQuote(text, quote);
  }
  if (close === -1) return { message: `expected a closing ${quote}, got the end of the file`, nextIndex: index };
  const trailing = text.slice(close + 1).trim();
  if (trailing !== '' && !trailing.startsWith('#')) {
    return { message: `expected nothing or a # comment after the closing ${quote}, got ${JSON.stringify(trailing)}`, nextIndex: index };
  }
  const body = text.slice(0, close);
  const value = quote === "'" ? body : body.replace(/\\(.)/gs, (all, c: string) => ESCAPES[c] ?? all);
  return { value, nextIndex: index };
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}
