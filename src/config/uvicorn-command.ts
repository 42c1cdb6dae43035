import path from 'node:path';

/**
 * Recognises a command line that runs a uvicorn server. The engine runs such prefork workers through
 * its drain shim, and export says what the shim would have done: both read the same rules here.
 */

/** The name of a Python interpreter: python, python3, python3.12. */
export const PYTHON = /^python[0-9.]*$/;

export type UvicornRunner = 'uvicorn' | 'gunicorn';

/** `-k X`, `-kX`, `-k=X`, `--worker-class X`, `--worker-class=X`: the worker class gunicorn's command line names. */
function gunicornWorkerClass(args: string[]): string | null {
  let found: string | null = null;
  args.forEach((arg, i) => {
    if (arg === '-k' || arg === '--worker-class') found = args[i + 1] ?? null;
    else if (arg.startsWith('--worker-class=')) found = arg.slice('--worker-class='.length);
    else if (arg.startsWith('-k')) found = arg.slice(arg[2] === '=' ? 3 : 2);
  });
  return found;
}

/**
 * What argv runs, when it is a uvicorn server: `uvicorn ARGS`, `python -m uvicorn ARGS`, or gunicorn
 * (`gunicorn …` / `python -m gunicorn …`) with a uvicorn worker class given on the command line.
 */
export function uvicornServer(argv: string[]): { runner: UvicornRunner; python: string | null; args: string[] } | null {
  const [command, ...rest] = argv;
  if (command === undefined) return null;
  const name = path.basename(command);
  const viaModule = PYTHON.test(name) && rest[0] === '-m';
  const runner = viaModule ? rest[1] : name;
  const args = viaModule ? rest.slice(2) : rest;
  if (runner === 'uvicorn') return { runner, python: viaModule ? command : null, args };
  if (runner === 'gunicorn' && (gunicornWorkerClass(args) ?? '').startsWith('uvicorn.workers.')) return { runner, python: viaModule ? command : null, args };
  return null;
}

/** True when argv runs uvicorn, directly or as gunicorn's worker class. */
export function commandRunsUvicorn(argv: string[]): boolean {
  return uvicornServer(argv) !== null;
}
