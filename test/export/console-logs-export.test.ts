import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exportConfig } from '../../src/export/export-config.js';
import { importFile } from '../../src/import/import-file.js';
import { lines, useConfigDir } from '../config/temp-config.js';
import { parseUnitFiles, single, testContext } from './unit-files.js';

/**
 * `stdout_logfile: console` means "where the supervisor's own output goes".
 * Under systemd that is the journal; in a container it is the container log,
 * which is already where compose and Kubernetes send output: no file path, and
 * nothing to warn about.
 */

const t = useConfigDir();
const PER_PROGRAM = { kind: 'systemd', perProgram: true, socketActivation: false } as const;
const TRAFEX = fileURLToPath(new URL('../fixtures/real-world/supervisord/trafex-php-nginx.conf', import.meta.url));

const CONSOLE_CONFIG = lines(
  'programs:',
  '  web:',
  '    command: [sleep, "100"]',
  '    stdout_logfile: console',
  '    stderr_logfile: console',
  '  quiet:',
  '    command: [sleep, "100"]',
  '    stdout_logfile: console',
  '    redirect_stderr: true',
);

describe('export of console log streams', () => {
  it('systemd --per-program sends them to the journal', async () => {
    const { text } = await exportConfig(PER_PROGRAM, await t.config(CONSOLE_CONFIG), testContext());
    const files = parseUnitFiles(text);
    expect(single(files.get('web@.service'), 'Service', 'StandardOutput')).toBe('journal');
    expect(single(files.get('web@.service'), 'Service', 'StandardError')).toBe('journal');
    expect(single(files.get('quiet@.service'), 'Service', 'StandardOutput')).toBe('journal');
    expect(single(files.get('quiet@.service'), 'Service', 'StandardError')).toBe('inherit');
  });

  it('compose and kubernetes leave them to the container log, without a warning', async () => {
    const config = await t.config(CONSOLE_CONFIG);
    for (const kind of ['compose', 'kubernetes'] as const) {
      const { text, warnings } = await exportConfig({ kind }, config, testContext());
      expect(
        warnings.filter((w) => /logfile/.test(w)),
        kind,
      ).toEqual([]);
      expect(text).not.toMatch(/console|\/dev\/std/);
      for (const document of parseAllDocuments(text)) expect(document.errors, kind).toEqual([]);
    }
  });

  it('an imported Docker config (/dev/stdout, /dev/stderr) exports no /dev path to systemd', async () => {
    const imported = await importFile(TRAFEX, { prefork: false });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const { text } = await exportConfig(PER_PROGRAM, await t.config(imported.yaml), testContext());
    expect(text).not.toMatch(/\/dev\//);
    const files = parseUnitFiles(text);
    for (const unit of ['php-fpm@.service', 'nginx@.service']) {
      expect(single(files.get(unit), 'Service', 'StandardOutput'), unit).toBe('journal');
      expect(single(files.get(unit), 'Service', 'StandardError'), unit).toBe('journal');
    }
  });
});
