import { warningAt, type ImportWarning } from './import-warning.js';
import { badIniLine, optionBeforeSection } from './import-messages.js';

/** One `name = value` of a supervisord INI file, continuation lines joined with "\n". */
export interface IniOption {
  /** Lower-cased, as supervisord reads option names. */
  name: string;
  value: string;
  /** Absolute path of the file the option is written in (its folder is `%(here)s`). */
  file: string;
  /** Line of the option's name. */
  line: number;
}

export interface IniSection {
  /** As written between the brackets, e.g. `program:web` (section names keep their case). */
  name: string;
  file: string;
  line: number;
  /** In order of first appearance; a repeated option replaces the earlier value. */
  options: Map<string, IniOption>;
}

export interface IniParse {
  /** In file order; a section written twice appears twice (the reader merges them). */
  sections: IniSection[];
  errors: ImportWarning[];
}

const SECTION_HEADER = /^\[(.+)\]/;
// Python's configparser OPTCRE: the first `=` or `:` ends the name.
const OPTION_LINE = /^(.*?)\s*([=:])\s*(.*)$/;
const COMMENT_PREFIXES = [';', '#'];

/**
 * Reads a supervisord config the way supervisord's parser (Python's
 * RawConfigParser with inline comments on) does: `;` and `#` start a comment
 * at the start of a line or after whitespace, a line indented deeper than the
 * option above continues its value, and option names are case-insensitive.
 * Every bad line is reported, each with its line number.
 */
export function parseIni(text: string, file: string): IniParse {
  const sections: IniSection[] = [];
  const errors: ImportWarning[] = [];
  let section: IniSection | null = null;
  let option: { entry: IniOption; lines: string[] } | null = null;
  let indentLevel = 0;

  const finishOption = () => {
    if (option !== null) option.entry.value = option.lines.join('\n').trimEnd();
    option = null;
  };

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    const commentStart = findCommentStart(line);
    const value = line.slice(0, commentStart ?? line.length).trim();
    if (value === '') {
      // A blank line inside a value is kept (configparser's empty_lines_in_values); a comment line is not.
      if (commentStart === null && option !== null) option.lines.push('');
      return;
    }
    const indent = line.search(/\S/);
    if (section !== null && option !== null && indent > indentLevel) {
      option.lines.push(value);
      return;
    }
    indentLevel = indent;
    finishOption();
    const header = SECTION_HEADER.exec(value);
    if (header !== null) {
      section = { name: header[1]!.trim(), file, line: lineNumber, options: new Map() };
      sections.push(section);
      return;
    }
    const match = OPTION_LINE.exec(value);
    if (section === null) {
      errors.push(warningAt(file, lineNumber, optionBeforeSection(value)));
      return;
    }
    if (match === null || match[1]!.trim() === '') {
      errors.push(warningAt(file, lineNumber, badIniLine(value)));
      return;
    }
    const entry: IniOption = { name: match[1]!.trim().toLowerCase(), value: '', file, line: lineNumber };
    // A repeated option replaces the value but keeps its place, as a Python dict does.
    section.options.delete(entry.name);
    section.options.set(entry.name, entry);
    option = { entry, lines: [match[3]!.trim()] };
  });
  finishOption();
  return { sections, errors };
}

/**
 * Where a comment starts on a line, or null. A whole line is a comment when
 * its first non-blank character is `;` or `#`; inline, they count only at the
 * line's start or after whitespace, so `http://host/#frag` and `a;b` survive.
 */
function findCommentStart(line: string): number | null {
  const trimmed = line.trimStart();
  if (COMMENT_PREFIXES.some((prefix) => trimmed.startsWith(prefix))) return 0;
  for (let i = 0; i < line.length; i++) {
    if (COMMENT_PREFIXES.includes(line[i]!) && (i === 0 || /\s/.test(line[i - 1]!))) return i;
  }
  return null;
}
