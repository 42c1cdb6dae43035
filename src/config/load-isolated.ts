import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './types.js';

/**
 * Loads a config in a short-lived child process. The YAML parser and the
 * schema library cost the supervisor ~20 MB of memory for as long as it runs
 * if it loads them itself, for a job done at start and on reload; and a
 * hostile YAML file (an alias bomb) can only take down the child.
 */

const INFINITY = '__drover_infinity__';

/** JSON with `Infinity` (startretries: infinite) kept. */
export function encodeLoadResult(result: LoadResult): string {
  return JSON.stringify(result, (_key, value: unknown) => (value === Infinity ? INFINITY : value));
}

export function decodeLoadResult(text: string): LoadResult {
  return JSON.parse(text, (_key, value: unknown) => (value === INFINITY ? Infinity : value)) as LoadResult;
}

/** The bundled loader (build-loader-bundle.mjs) first: one file to compile instead of ~100 ES modules. */
function loaderPath(): string {
  const candidates = [
    new URL('./load-main.cjs', import.meta.url),
    new URL('../../dist/config/load-main.cjs', import.meta.url),
    new URL('./load-main.js', import.meta.url),
    new URL('../../dist/config/load-main.js', import.meta.url),
  ];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return fileURLToPath(url);
  throw new Error('drover is not built: dist/config/load-main.js is missing (run npm run build)');
}

/**
 * The loader reads ${VAR}s from this environment, so it gets drover's, minus
 * NODE_EXTRA_CA_CERTS: it uses no TLS, and Node parses every certificate that
 * names when it starts (about 40 ms on a machine with 144 of them).
 */
function loaderEnv(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
  return env;
}

export function loadConfigIsolated(file: string): Promise<LoadResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [loaderPath(), file], { maxBuffer: 256 * 1024 * 1024, env: loaderEnv() }, (error, stdout, stderr) => {
      if (error) {
        const why = stderr.trim() || error.message;
        resolve({ ok: false, errors: [{ file, line: 1, column: 1, path: '', message: `could not load the config: ${why}` }] });
        return;
      }
      resolve(decodeLoadResult(stdout));
    });
  });
}
