/**
 * Reads `supervisor.socket` out of programs.yaml without a YAML parser.
 *
 * `ctl` has to find the socket before it can do anything, and importing the
 * `yaml` package costs about half of ctl's start-up. Configs almost always
 * spell the setting the one block way:
 *
 *     supervisor:
 *       socket: run/drover.sock   # plain, 'single' or "double" quoted
 *
 * so this scanner reads that form line by line and answers `unsure` for
 * anything else it might misread (flow mappings, anchors, aliases, tags,
 * block scalars, multi-line values, quoted keys, several documents). The
 * caller then falls back to a full parse. It must never answer `absent` or a
 * value that a YAML parser would not agree with; the tests check it against
 * the `yaml` package.
 */
export type SocketSetting =
  | { kind: 'value'; value: string }
  /** No top-level `supervisor` key, or one without `socket`: the default applies. */
  | { kind: 'absent' }
  | { kind: 'unsure' };

const UNSURE: SocketSetting = { kind: 'unsure' };
const ABSENT: SocketSetting = { kind: 'absent' };

/** A plain key at the start of its (indented) line: `name:` then end of line or a space. */
const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*)[ \t]*:(?=[ \t]|$)/;

export function scanSocketSetting(text: string): SocketSetting {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let supervisorAt = -1;
  let sawContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlankOrComment(line)) continue;
    if (line.startsWith('\t')) return UNSURE;
    if (line.startsWith(' ')) {
      // Indented content before any top-level key means the top level is not a plain block mapping.
      if (!sawContent) return UNSURE;
      continue;
    }
    // Only an opening `---` (a lone document start) is understood; directives, more documents, `...` are not.
    if (/^---[ \t]*(#.*)?$/.test(line) && !sawContent) {
      sawContent = true;
      continue;
    }
    const key = PLAIN_KEY.exec(line);
    if (!key) return UNSURE;
    sawContent = true;
    if (key[1] === 'supervisor') {
      if (supervisorAt !== -1) return UNSURE; // a duplicate key: leave it to the parser to judge
      supervisorAt = i;
    }
  }
  if (supervisorAt === -1) return ABSENT;
  return scanSupervisorBlock(lines, supervisorAt);
}

function scanSupervisorBlock(lines: string[], at: number): SocketSetting {
  const rest = stripComment(lines[at]!.slice(lines[at]!.indexOf(':') + 1)).trim();
  if (rest !== '') return UNSURE; // `supervisor: {…}`, `supervisor: &a`, `supervisor: null`, …
  let indent = -1;
  let socket: SocketSetting = ABSENT;
  let socketOpen = false;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlankOrComment(line)) continue;
    const width = /^ */.exec(line)![0].length;
    if (width === 0) break; // the next top-level key
    if (line[width] === '\t') return UNSURE;
    if (indent === -1) indent = width;
    if (width > indent) {
      // A continuation of the previous value (multi-line scalar or nested node).
      if (socketOpen) return UNSURE;
      continue;
    }
    if (width < indent) return UNSURE;
    const body = line.slice(width);
    const key = PLAIN_KEY.exec(body);
    if (!key) return UNSURE; // `- item`, `? key`, `"quoted": key`, `<<: *merge`…
    socketOpen = false;
    if (key[1] !== 'socket') continue;
    if (socket.kind !== 'absent') return UNSURE; // duplicate
    socket = scanValue(body.slice(key[0].length));
    if (socket.kind === 'unsure') return UNSURE;
    socketOpen = true;
  }
  return socket;
}

/** The text after `socket:` on its line. */
function scanValue(text: string): SocketSetting {
  const value = text.replace(/^[ \t]+/, '');
  if (value === '' || value.startsWith('#')) return UNSURE; // the value is on later lines, or null
  const first = value[0]!;
  if (first === '"') return quoted(value, '"');
  if (first === "'") return quoted(value, "'");
  // Indicators that start something other than a plain string.
  if ('|>&*!{}[],%@`?:-#'.includes(first)) return UNSURE;
  const plain = stripComment(value).trim();
  // `a: b` inside a plain value is a YAML error; a trailing `:` would be a mapping.
  if (/:[ \t]|:$/.test(plain) || plain.includes('\t')) return UNSURE;
  if (!isPlainString(plain)) return UNSURE;
  return { kind: 'value', value: plain };
}

function quoted(value: string, quote: '"' | "'"): SocketSetting {
  let out = '';
  let i = 1;
  for (;;) {
    if (i >= value.length) return UNSURE; // continues on the next line
    const ch = value[i]!;
    if (quote === '"' && ch === '\\') return UNSURE; // escapes: rare in paths, let the parser do them
    if (ch === quote) {
      if (quote === "'" && value[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      break;
    }
    out += ch;
    i++;
  }
  const after = value.slice(i + 1);
  if (!/^([ \t]+(#.*)?)?$/.test(after)) return UNSURE;
  return { kind: 'value', value: out };
}

/**
 * A plain scalar that YAML's core schema keeps as a string: not null, a
 * boolean or a number (those would fail the supervisor's path check anyway,
 * so the parser gets to say what they are).
 */
function isPlainString(plain: string): boolean {
  if (plain === '') return false;
  if (/^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(plain)) return false;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return false;
  if (/^0o[0-7]+$|^0x[0-9a-fA-F]+$/.test(plain)) return false;
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(plain)) return false;
  return true;
}

function isBlankOrComment(line: string): boolean {
  return /^[ \t]*(#.*)?$/.test(line);
}

/** Drops a `# comment`: in YAML a comment starts at a `#` after white space. */
function stripComment(text: string): string {
  const match = /(^|[ \t])#/.exec(text);
  return match ? text.slice(0, match.index) : text;
}
