import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, uvicornServer } from '../../config/runtime.js';
import { resolveExecutable } from '../../os/program-paths.js';

/**
 * A prefork worker whose command runs uvicorn runs through uvicorn-drain.py
 * (see there for why): `uvicorn ARGS` becomes `INTERPRETER uvicorn-drain.py
 * uvicorn ARGS`, with the interpreter from that uvicorn script's own `#!`
 * line, so the virtualenv the user chose is the one that runs; `python -m
 * uvicorn ARGS` becomes `python uvicorn-drain.py uvicorn ARGS`. gunicorn with
 * a uvicorn worker class (`-k uvicorn.workers.UvicornWorker`) goes the same way.
 */

const SHEBANG_MAX_BYTES = 256;

function shimPath(): string {
  const candidates = [new URL('./uvicorn-drain.py', import.meta.url), new URL('../../../dist/engine/prefork/uvicorn-drain.py', import.meta.url)];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return fileURLToPath(url);
  throw new Error('drover is not built: dist/engine/prefork/uvicorn-drain.py is missing (run npm run build)');
}

/** The `#!` line of a file as argv words, or null when it has none (a binary, an unreadable file). */
function shebangOf(file: string): string[] | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(SHEBANG_MAX_BYTES);
    const length = readSync(fd, buffer, 0, SHEBANG_MAX_BYTES, 0);
    const firstLine = buffer.subarray(0, length).toString('utf8').split('\n')[0]!;
    if (!firstLine.startsWith('#!')) return null;
    const words = firstLine.slice(2).trim().split(/\s+/).filter(Boolean);
    return words.length > 0 ? words : null;
  } finally {
    closeSync(fd);
  }
}

/** True when a `#!` line runs Python (directly or through env). */
function runsPython(interpreter: string[]): boolean {
  return interpreter.some((word) => PYTHON.test(path.basename(word)));
}

/** argv rewritten to run through the drain shim, or null when argv does not run uvicorn (or its script is not Python). */
export function drainingUvicornArgv(argv: string[], cwd: string, envPath: string | undefined): string[] | null {
  const server = uvicornServer(argv);
  if (server === null) return null;
  if (server.python !== null) return [server.python, shimPath(), server.runner, ...server.args];
  const script = resolveExecutable(argv[0]!, cwd, envPath);
  if (typeof script !== 'string') return null;
  const interpreter = shebangOf(script);
  if (interpreter === null || !runsPython(interpreter)) return null;
  return [...interpreter, shimPath(), server.runner, ...server.args];
}
