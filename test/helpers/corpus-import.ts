import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CLI } from './cli-harness.js';

export const CORPUS = fileURLToPath(new URL('../fixtures/real-world/', import.meta.url));

export interface CliAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `drover` CLI as a user would, to its end. */
export function runDrover(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliAnswer> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

export type ProgramOptions = Record<string, unknown>;

export interface ImportedCorpusConfig {
  /** The folder holding programs.yaml (removed by `remove`). */
  dir: string;
  yaml: string;
  programs: Record<string, ProgramOptions>;
  groups: Record<string, string[]>;
  supervisor: Record<string, unknown>;
  /** `file:line: warning: …` lines `drover import` printed on stderr. */
  warnings: string[];
  remove(): void;
}

/**
 * `drover import FILE > programs.yaml` in a fresh folder. `source` is either a
 * corpus path, or the text of a small main file written beside programs.yaml
 * (for a conf.d set that has none) whose `[include]` names the corpus files.
 */
export async function importCorpus(source: { file: string } | { main: string }): Promise<ImportedCorpusConfig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'drover-corpus-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    let file: string;
    if ('file' in source) file = path.join(CORPUS, source.file);
    else writeFileSync((file = path.join(dir, 'supervisord.conf')), source.main);
    const answer = await runDrover(['import', file], dir);
    if (answer.code !== 0) throw new Error(`drover import ${file} exited ${answer.code}:\n${answer.stderr}`);
    writeFileSync(path.join(dir, 'programs.yaml'), answer.stdout);
    const doc = (parse(answer.stdout) ?? {}) as { programs?: Record<string, ProgramOptions>; groups?: Record<string, string[]>; supervisor?: Record<string, unknown> };
    const warnings = answer.stderr.split('\n').filter((line) => line.includes(': warning: '));
    return { dir, yaml: answer.stdout, programs: doc.programs ?? {}, groups: doc.groups ?? {}, supervisor: doc.supervisor ?? {}, warnings, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** `drover check -c programs.yaml` in the import's folder, with the environment the config expects. */
export function checkImported(dir: string, env: Record<string, string> = {}): Promise<CliAnswer> {
  return runDrover(['check', '-c', 'programs.yaml'], dir, env);
}
