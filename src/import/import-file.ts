import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from '../config/index.js';
import { detectFormat, type ImportFormat } from './detect-format.js';
import { emitYaml } from './emit-yaml.js';
import type { ImportedConfig } from './imported-config.js';
import { displayPath, sortWarnings, warningAt, type ImportWarning } from './import-warning.js';
import { neitherFormat, nothingToImport, unreadableImport } from './import-messages.js';
import { mapProcfile, parseProcfile } from './procfile.js';
import { readSupervisordConfig } from './read-supervisord.js';
import { mapSupervisord } from './supervisord-map.js';

export interface ImportOptions {
  /** Make web programs (gunicorn, `[fcgi-program:x]`, a Procfile's gunicorn `web`) `type: prefork`. */
  prefork: boolean;
}

export type ImportOutcome = { ok: true; format: ImportFormat; yaml: string; warnings: ImportWarning[] } | { ok: false; errors: ImportWarning[]; warnings: ImportWarning[] };

/**
 * `drover import FILE`: reads a supervisord config (with its includes) or a
 * Procfile and returns the equivalent programs.yaml, with a warning for
 * everything that did not carry over. Fails only when the file cannot be
 * read or parsed, or holds no program.
 */
export async function importFile(file: string, options: ImportOptions): Promise<ImportOutcome> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    return { ok: false, errors: [warningAt(absolute, 1, unreadableImport(describeFsError(error)))], warnings: [] };
  }
  const format = detectFormat(text);
  if (format === null) return { ok: false, errors: [warningAt(absolute, 1, neitherFormat())], warnings: [] };

  let mapped: { config: ImportedConfig; warnings: ImportWarning[] };
  let files = [absolute];
  if (format === 'supervisord') {
    const source = await readSupervisordConfig(absolute, text);
    if (source.errors.length > 0) return { ok: false, errors: sortWarnings(source.errors, source.files), warnings: [] };
    files = source.files;
    mapped = mapSupervisord(source, options);
    mapped.warnings.unshift(...source.warnings);
  } else {
    const parsed = parseProcfile(text, absolute);
    mapped = mapProcfile(parsed.entries, absolute, options);
    mapped.warnings.unshift(...parsed.warnings);
  }
  const warnings = sortWarnings(mapped.warnings, files);
  if (mapped.config.programs.length === 0) return { ok: false, errors: [warningAt(absolute, 1, nothingToImport(format))], warnings };
  return { ok: true, format, yaml: emitYaml(mapped.config, headerLines(absolute, format, warnings)), warnings };
}

function headerLines(file: string, format: ImportFormat, warnings: readonly ImportWarning[]): string[] {
  const kind = format === 'supervisord' ? 'the supervisord config' : 'the Procfile';
  const lines = [`programs.yaml for drover, imported from ${kind} ${displayPath(file)} by drover import.`, 'Check it with: drover check -c programs.yaml'];
  if (warnings.length === 0) return lines;
  lines.push('', `Not carried over as written (${warnings.length}):`);
  for (const warning of warnings) lines.push(`  ${displayPath(warning.file)}:${warning.line}: ${warning.message}`);
  return lines;
}
