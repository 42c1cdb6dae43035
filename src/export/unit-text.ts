/**
 * Writing values into systemd unit files. Three rules matter (systemd.unit(5),
 * systemd.service(5)): `%` starts a specifier in most settings, so a literal %
 * is `%%`; in ExecStart= a `$` starts a variable, so a literal $ is `$$`, and
 * words are split on whitespace unless quoted, with C escapes inside quotes;
 * a line ending in a backslash continues on the next one.
 *
 * "Unit text" below means a string whose `%` signs are already specifiers or
 * escaped (see unit-templates.ts), ready for a setting's value.
 */

/** A literal string as unit text: every % kept literal. */
export function escapeSpecifiers(literal: string): string {
  return literal.replaceAll('%', '%%');
}

// Words that need no quotes: nothing that splits, quotes, escapes, expands or
// separates commands (a lone `;` once did, in ExecStart=).
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One ExecStart= word, from unit text: `$` escaped, quoted when it must be. */
export function quoteExecWord(unitText: string): string {
  return quoteDollarSafeWord(unitText.replaceAll('$', '$$$$'));
}

/** One ExecStart= word whose `$` are already what systemd should read: `$$` for a literal one, `${VAR}` for a variable. */
export function quoteDollarSafeWord(text: string): string {
  if (PLAIN_WORD.test(text)) return text;
  return `"${cEscape(text)}"`;
}

/** A whole command line for ExecStart=, from unit-text words. */
export function execLine(words: readonly string[]): string {
  return words.map(quoteExecWord).join(' ');
}

/**
 * One `Environment=` value: `"NAME=value"`, quoted with C escapes. Specifiers
 * are expanded there but variables are not, so `$` stays as it is.
 */
export function environmentAssignment(name: string, unitTextValue: string): string {
  return `"${cEscape(`${name}=${unitTextValue}`)}"`;
}

/** A variable name systemd (and a POSIX shell) accepts. */
export function isEnvironmentName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

function cEscape(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out;
}

/** One `Key=value` line. */
export type UnitEntry = [key: string, value: string];

/** A `[Section]` of a unit file; entries in order, a key may repeat. */
export interface UnitSection {
  name: string;
  entries: UnitEntry[];
}

/** A unit file: leading comment lines, then its sections. */
export interface UnitFile {
  /** The file name, such as `drover.service` or `web@.service`. */
  name: string;
  comments: string[];
  sections: UnitSection[];
}

/**
 * The file's text. A value with a line break, or one ending in a backslash,
 * would change the meaning of the lines after it; the quoting helpers never
 * produce one, so meeting one is a bug here, not bad input.
 */
export function renderUnit(unit: UnitFile): string {
  const lines = unit.comments.map((comment) => (comment === '' ? '#' : `# ${comment}`));
  for (const section of unit.sections) {
    if (section.entries.length === 0) continue;
    lines.push('', `[${section.name}]`);
    for (const [key, value] of section.entries) {
      if (/[\r\n]/.test(value) || value.endsWith('\\')) throw new TypeError(`${unit.name}: ${key}= cannot hold ${JSON.stringify(value)}`);
      lines.push(`${key}=${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Several files on one stdout: each starts with a `### NAME` line, a comment
 * to systemd, so the first file redirected alone is still a valid unit and
 * `awk '/^### /{f=$2; next} {print > f}'` splits the lot.
 */
export function joinUnitFiles(units: readonly UnitFile[]): string {
  return units.map((unit) => `### ${unit.name}\n${renderUnit(unit)}`).join('\n');
}
