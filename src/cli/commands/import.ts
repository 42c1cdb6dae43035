import { importFile, type ImportOptions } from '../../import/import-file.js';
import { formatError, formatWarning } from '../../import/import-warning.js';

/**
 * `drover import FILE [--prefork]`: programs.yaml on stdout, each warning on
 * stderr as `file:line: warning: …`. Exit 0 even with warnings; 1 when the
 * file cannot be read or parsed.
 */
export async function runImport(file: string, options: ImportOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const outcome = await importFile(file, options);
  for (const warning of outcome.warnings) err.write(`${formatWarning(warning)}\n`);
  if (!outcome.ok) {
    for (const error of outcome.errors) err.write(`drover import: ${formatError(error)}\n`);
    return 1;
  }
  out.write(outcome.yaml);
  return 0;
}
