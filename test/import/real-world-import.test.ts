import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkImported, CORPUS, importCorpus, runDrover, type ImportedCorpusConfig } from '../helpers/corpus-import.js';
import { expectedMeaning, meaningOf } from '../helpers/corpus-meaning.js';
import { runUnderDaemon } from '../helpers/corpus-run.js';
import type { CorpusCase, ProcfileCase } from './real-world-cases.js';
import { NO_PROGRAM_FILES, SUPERVISORD_CASES } from './real-world-expectations.js';
import { PROCFILE_CASES } from './real-world-procfiles.js';

/**
 * Every config of test/fixtures/real-world/ goes through what a user moving
 * over does: `drover import`, `drover check`, and a run under a real daemon
 * (commands this machine lacks replaced by a stand-in). Step names are read by
 * corpus-table.mjs, which turns their results into the table in docs/import-export.md.
 */

// Each run mostly waits (startsecs, daemon start and stop) in its own temp
// folder and daemon: eight at once keep two cores busy without starving them.
vi.setConfig({ maxConcurrency: 8 });

/** The import of one case, made once for its steps; a failed import fails every step that needs it. */
function useImport(source: () => Promise<ImportedCorpusConfig>): () => ImportedCorpusConfig {
  let imported: ImportedCorpusConfig | undefined;
  let failure: unknown;
  beforeAll(async () => {
    imported = await source().catch((error: unknown) => {
      failure = error;
      return undefined;
    });
  });
  afterAll(() => imported?.remove());
  return () => {
    if (imported === undefined) throw failure;
    return imported;
  };
}

function describeSteps(
  config: string,
  env: Record<string, string>,
  imported: () => ImportedCorpusConfig,
  names: string[],
  checkMeaning: (config: ImportedCorpusConfig) => void,
): void {
  it('is imported', ({ task }) => {
    Object.assign(task.meta, { warnings: imported().warnings.length });
    expect(Object.keys(imported().programs).length).toBeGreaterThan(0);
  });

  it('passes drover check', async () => {
    const checked = await checkImported(imported().dir, env);
    expect(checked.code, `drover check of the import of ${config}:\n${checked.stdout}${checked.stderr}\n${imported().yaml}`).toBe(0);
  });

  it('keeps its meaning', () => checkMeaning(imported()));

  it('runs under the daemon', async ({ task }) => {
    const ran = await runUnderDaemon(imported(), env);
    Object.assign(task.meta, { real: ran.real.length, processes: ran.processes.length });
    expect(ran.processes.map((p) => p.name).sort()).toEqual([...names].sort());
    expect(ran.leftovers, 'programs left running after shutdown').toEqual([]);
  });
}

function describeSupervisordCase(c: CorpusCase): void {
  const env = c.env ?? {};
  const imported = useImport(() => importCorpus(c.main === undefined ? { file: c.config } : { main: c.main.replaceAll('CORPUS/', CORPUS) }));
  describeSteps(c.config, env, imported, c.names, (config) => {
    expect(Object.keys(config.programs).sort()).toEqual(Object.keys(c.programs).sort());
    for (const [name, expected] of Object.entries(c.programs)) expect(meaningOf(config.programs[name]!), `program ${name}`).toEqual(expectedMeaning(expected));
    expect(config.groups).toEqual(c.groups ?? {});
    expect(config.supervisor.logdir ?? '', 'drover.log and automatic logs stay out of /dev and /proc').not.toMatch(/^\/(dev|proc)(\/|$)/);
    for (const warning of c.warnings ?? [])
      expect(
        config.warnings.some((line) => warning.test(line)),
        `a warning matching ${warning} in:\n${config.warnings.join('\n')}`,
      ).toBe(true);
  });
}

function describeProcfileCase(c: ProcfileCase): void {
  const imported = useImport(() => importCorpus({ file: c.config }));
  describeSteps(
    c.config,
    {},
    imported,
    Object.keys(c.programs).map((p) => `${p}:${p}`),
    (config) => {
      expect(Object.keys(config.programs).sort()).toEqual(Object.keys(c.programs).sort());
      for (const [name, expected] of Object.entries(c.programs)) {
        const options = config.programs[name]!;
        expect(String(options.command), `${name}: a leading NAME=value is environment, not the program`).not.toMatch(/^[A-Za-z_]\w*=/);
        if (expected.environment) expect(options.environment, `environment of ${name}`).toMatchObject(expected.environment);
      }
      if (c.release) {
        expect(config.programs.release, 'release: is a one-shot').toMatchObject({ type: 'oneshot' });
        expect(config.programs.web?.depends_on, 'web waits for release').toContain('release');
      } else {
        for (const options of Object.values(config.programs)) expect(options.type).toBeUndefined();
      }
    },
  );
}

for (const c of SUPERVISORD_CASES) describe.concurrent(c.config, () => describeSupervisordCase(c));
for (const c of PROCFILE_CASES) describe.concurrent(c.config, () => describeProcfileCase(c));
for (const config of NO_PROGRAM_FILES) {
  describe.concurrent(config, () => {
    it('is refused: it holds no program of its own', async () => {
      const answer = await runDrover(['import', `${CORPUS}${config}`], CORPUS);
      expect(answer.code).toBe(1);
      expect(answer.stderr).toMatch(/found no \[program:x\]/);
    });
  });
}
