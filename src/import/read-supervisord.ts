import { readFile, realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describeFsError, expandTemplate, parseTemplate } from '../config/index.js';
import { findIncludedFiles } from './include-files.js';
import { warningAt, type ImportWarning } from './import-warning.js';
import { includeLoop, includeMatchesNothing, includeNeedsFiles, includePatternKey, includedTwice, unreadableInclude } from './import-messages.js';
import { parseIni, type IniSection } from './supervisord-ini.js';

export interface SupervisordSource {
  /** Every section by name, in order of first appearance; a section written twice is merged, the later value winning. */
  sections: Map<string, IniSection>;
  /** Every file read, the main one first. */
  files: string[];
  warnings: ImportWarning[];
  /** Unreadable or unparseable files: the import stops. */
  errors: ImportWarning[];
}

/**
 * Reads a supervisord config and every file its `[include]` sections name,
 * relative to the including file's folder. Unlike supervisord, an included
 * file's own `[include]` is followed too; a file that includes itself (or an
 * ancestor) is reported once and not read again.
 */
export async function readSupervisordConfig(file: string, text?: string): Promise<SupervisordSource> {
  const source: SupervisordSource = { sections: new Map(), files: [], warnings: [], errors: [] };
  await readInto(path.resolve(file), text, source, []);
  return source;
}

async function readInto(file: string, knownText: string | undefined, source: SupervisordSource, ancestors: string[]): Promise<void> {
  const text = knownText ?? (await readFile(file, 'utf8'));
  const real = await realpath(file).catch(() => file);
  source.files.push(file);
  const parsed = parseIni(text, file);
  source.errors.push(...parsed.errors);
  const includes: IniSection[] = [];
  for (const section of parsed.sections) {
    if (section.name === 'include') includes.push(section);
    else mergeSection(source.sections, section);
  }
  for (const include of includes) {
    const files = include.options.get('files');
    if (files === undefined) {
      source.warnings.push(warningAt(file, include.line, includeNeedsFiles()));
      continue;
    }
    for (const pattern of files.value.split(/\s+/).filter((p) => p !== '')) {
      const expanded = expandIncludePattern(pattern, path.dirname(file));
      if (!expanded.ok) {
        source.warnings.push(warningAt(file, files.line, expanded.message));
        continue;
      }
      const matches = await findIncludedFiles(expanded.value, path.dirname(file));
      if (matches.length === 0) source.warnings.push(warningAt(file, files.line, includeMatchesNothing(pattern)));
      for (const match of matches) await readIncluded(match, { file, line: files.line }, source, [...ancestors, real]);
    }
  }
}

async function readIncluded(file: string, from: { file: string; line: number }, source: SupervisordSource, ancestors: string[]): Promise<void> {
  const real = await realpath(file).catch(() => file);
  if (ancestors.includes(real)) {
    source.warnings.push(warningAt(from.file, from.line, includeLoop(file)));
    return;
  }
  const seen = await Promise.all(source.files.map((read) => realpath(read).catch(() => read)));
  if (seen.includes(real)) {
    source.warnings.push(warningAt(from.file, from.line, includedTwice(file)));
    return;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    source.errors.push(warningAt(from.file, from.line, unreadableInclude(file, describeFsError(error))));
    return;
  }
  await readInto(file, text, source, ancestors);
}

/** A section seen again (in the same file or another) adds its options to the first, as supervisord's parser does. */
function mergeSection(sections: Map<string, IniSection>, section: IniSection): void {
  const existing = sections.get(section.name);
  if (existing === undefined) {
    sections.set(section.name, { ...section, options: new Map(section.options) });
    return;
  }
  for (const [name, option] of section.options) {
    existing.options.delete(name);
    existing.options.set(name, option);
  }
}

/**
 * supervisord expands `%(here)s`, `%(host_node_name)s` and `%(ENV_X)s` in
 * include patterns. The files are read now, so the variables are this
 * environment's.
 */
function expandIncludePattern(pattern: string, here: string): { ok: true; value: string } | { ok: false; message: string } {
  const parts = parseTemplate(pattern);
  if (!parts.ok) return { ok: false, message: includePatternKey(pattern, parts.message) };
  const vars: Record<string, string> = { here, host_node_name: hostname() };
  for (const part of parts.value) {
    if (part.kind !== 'key' || part.key in vars) continue;
    const value = part.key.startsWith('ENV_') ? process.env[part.key.slice(4)] : undefined;
    if (value === undefined) return { ok: false, message: includePatternKey(pattern, `%(${part.key})s has no value here`) };
    vars[part.key] = value;
  }
  return { ok: true, value: expandTemplate(pattern, vars) };
}
