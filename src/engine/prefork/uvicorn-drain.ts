import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveExecutable } from '../spawn-child.js';

/**
 * A prefork worker whose command is uvicorn runs through uvicorn-drain.py
 * (see there for why): `uvicorn ARGS` becomes `INTERPRETER uvicorn-drain.py
 * ARGS`, with the interpreter from that uvicorn script's own `#!` line, so the
 * virtualenv the user chose is the one that runs; `python -m uvicorn ARGS`
 * becomes `python uvicorn-drain.py ARGS`.
 */

const PYTHON = /^python[0-9.]*$/;
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

/** True when argv runs uvicorn (`uvicorn …` or `python -m uvicorn …`), whatever its interpreter. */
export function commandRunsUvicorn(argv: string[]): boolean {
  const [command, ...args] = argv;
  if (command === undefined) return false;
  const name = path.basename(command);
  return name === 'uvicorn' || (PYTHON.test(name) && args[0] === '-m' && args[1] === 'uvicorn');
}

/** argv rewritten to run uvicorn through the drain shim, or null when argv does not run uvicorn. */
export function drainingUvicornArgv(argv: string[], cwd: string, envPath: string | undefined): string[] | null {
  if (!commandRunsUvicorn(argv)) return null;
  const [command, ...args] = argv as [string, ...string[]];
  if (path.basename(command) !== 'uvicorn') return [command, shimPath(), ...args.slice(2)];
  const script = resolveExecutable(command, cwd, envPath);
  if (typeof script !== 'string') return null;
  const interpreter = shebangOf(script);
  if (interpreter === null || !runsPython(interpreter)) return null;
  return [...interpreter, shimPath(), ...args];
}
