import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatConfigError, loadConfig } from '../../src/config/index.js';
import { currentExportContext } from '../../src/export/export-context.js';
import { exportConfig, type ExportRequest } from '../../src/export/export-config.js';
import { composeProblems, manifestProblems, requireSystemdAnalyze } from '../helpers/export-validation.js';
import { CORPUS_ENV, corpusFiles, hasProgramSection, importCorpusConfig } from '../helpers/real-world-corpus.js';
import { verifyUnits } from './unit-files.js';

/**
 * Every config of the real-world corpus, imported (supervisord configs and
 * Procfiles alike), then exported to systemd (verified by systemd-analyze),
 * Compose (against the Compose Specification's schema, and compose's `$`
 * interpolation) and Kubernetes (the API server's rules for what drover
 * writes). The export runs as `drover export` does, in an environment that
 * sets the variables the corpus reads.
 */

const env = { PATH: process.env.PATH, ...CORPUS_ENV };
const context = { ...currentExportContext(), env };

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-corpus-export-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function exportAs(file: string, request: ExportRequest) {
  const loaded = await loadConfig(file, env);
  if (!loaded.ok) throw new Error(`the imported config is invalid:\n${loaded.errors.map(formatConfigError).join('\n')}`);
  return exportConfig(request, loaded.config, context);
}

describe('drover export of every real-world config', () => {
  it.each(corpusFiles())('%s', async (relative) => {
    requireSystemdAnalyze();
    const imported = await importCorpusConfig(relative, dir);
    if (!imported.ok) {
      // A main file that only includes others (or names a group): nothing to export, and import says why.
      expect(hasProgramSection(relative)).toBe(false);
      expect(imported.message).toMatch(/found no \[program:x\] or \[fcgi-program:x\] section/);
      return;
    }

    const units = await exportAs(imported.file, { kind: 'systemd', perProgram: true, socketActivation: false });
    const verified = verifyUnits(units.text);
    expect({ status: verified.status, problems: verified.problems }).toEqual({ status: 0, problems: [] });

    const drover = await exportAs(imported.file, { kind: 'systemd', perProgram: false, socketActivation: false });
    expect(verifyUnits(drover.text).problems).toEqual([]);

    const compose = await exportAs(imported.file, { kind: 'compose' });
    expect(composeProblems(compose.text, imported.variables)).toEqual([]);

    const kubernetes = await exportAs(imported.file, { kind: 'kubernetes' });
    expect(manifestProblems(kubernetes.text)).toEqual([]);
  });
});
