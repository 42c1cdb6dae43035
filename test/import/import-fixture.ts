import fs from 'node:fs';
import path from 'node:path';
import { useConfigDir } from '../config/temp-config.js';
import { importFile, type ImportOutcome } from '../../src/import/import-file.js';
import type { ImportedConfig } from '../../src/import/imported-config.js';
import type { ImportWarning } from '../../src/import/import-warning.js';
import { readSupervisordConfig } from '../../src/import/read-supervisord.js';
import { mapSupervisord } from '../../src/import/supervisord-map.js';

/** Joins lines with \n, so a test reads its INI with line numbers in mind. */
export { lines } from '../config/temp-config.js';

/**
 * A fresh temp folder per test (removed afterwards, even on failure) for
 * supervisord configs, Procfiles and the files they include; warnings come
 * back as `file:line: message` with the file relative to the folder.
 */
export function useImportDir() {
  const files = useConfigDir();
  const helpers = {
    /** The real path: `%(here)s` and warnings name files by it. */
    get dir(): string {
      return fs.realpathSync(files.dir);
    },
    write(name: string, text: string): string {
      files.write(name, text);
      return path.join(helpers.dir, name);
    },
    describe(warnings: readonly ImportWarning[]): string[] {
      return warnings.map((w) => `${path.relative(helpers.dir, w.file)}:${w.line}: ${w.message}`);
    },
    /** Reads and maps a supervisord config written as `name`. */
    async supervisord(text: string, options = { prefork: false }, name = 'supervisord.conf'): Promise<{ config: ImportedConfig; warnings: string[]; errors: string[] }> {
      const source = await readSupervisordConfig(helpers.write(name, text));
      const mapped = mapSupervisord(source, options);
      return { config: mapped.config, warnings: helpers.describe([...source.warnings, ...mapped.warnings]), errors: helpers.describe(source.errors) };
    },
    /** The options of one imported program. */
    async program(text: string, name: string, options = { prefork: false }): Promise<Record<string, unknown>> {
      const { config } = await helpers.supervisord(text, options);
      const program = config.programs.find((p) => p.name === name);
      if (program === undefined) throw new Error(`no program ${name} was imported`);
      return program.options;
    },
    async importFile(name: string, text: string, options = { prefork: false }): Promise<ImportOutcome> {
      return importFile(helpers.write(name, text), options);
    },
  };
  return helpers;
}
