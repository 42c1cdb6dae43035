import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { formatConfigError, loadConfig } from '../../src/config/index.js';
import type { Config, LoadResult } from '../../src/config/index.js';

/** Joins lines with \n, so a test reads its YAML with line numbers in mind. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/**
 * A fresh temp folder per test (removed afterwards, even on failure) where
 * tests write programs.yaml and friends, then load it with an explicit env so
 * the machine's environment never leaks into results.
 */
export function useConfigDir() {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-config-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const helpers = {
    get dir(): string {
      return dir;
    },
    write(name: string, text: string): string {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
    async load(yaml: string, env: NodeJS.ProcessEnv = {}): Promise<LoadResult> {
      return loadConfig(helpers.write('programs.yaml', yaml), env);
    },
    /** Errors as `file:line:col: path: message`, with file relative to the temp folder. */
    async errors(yaml: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
      const result = await helpers.load(yaml, env);
      if (result.ok) throw new Error('expected the config to be invalid, but it loaded');
      return result.errors.map((e) => formatConfigError({ ...e, file: path.relative(dir, e.file) }));
    },
    async config(yaml: string, env: NodeJS.ProcessEnv = {}): Promise<Config> {
      const result = await helpers.load(yaml, env);
      if (!result.ok) throw new Error(`expected a valid config, got:\n${result.errors.map(formatConfigError).join('\n')}`);
      return result.config;
    },
  };
  return helpers;
}
