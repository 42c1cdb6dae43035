import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * What an export needs from the machine it runs on, gathered in one place so
 * that the exporters stay pure functions of (config, context) and tests can
 * pass their own.
 */
export interface ExportContext {
  /** The user drover runs as when started by hand, or null for root (units then name no User=). */
  user: string | null;
  /** The environment of the export: PATH to resolve commands, ENV_* template values. */
  env: NodeJS.ProcessEnv;
  /** The Node binary that runs drover now. */
  node: string;
  /** drover's CLI entry, dist/cli/main.js. */
  main: string;
  /** drover's prefork worker runtime, dist/worker-runtime/worker-main.js. */
  workerMain: string;
}

export function currentExportContext(): ExportContext {
  return {
    user: process.getuid?.() === 0 ? null : userInfo().username,
    env: process.env,
    node: process.execPath,
    main: builtFile('cli/main.js'),
    workerMain: builtFile('worker-runtime/worker-main.js'),
  };
}

/**
 * A file of the built drover, found from this module: beside it when this is
 * dist/export/, else under dist/ when running from the sources (tests).
 */
function builtFile(relative: string): string {
  const candidates = [new URL(`../${relative}`, import.meta.url), new URL(`../../dist/${relative}`, import.meta.url)];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return fileURLToPath(url);
  return fileURLToPath(candidates[0]!);
}
