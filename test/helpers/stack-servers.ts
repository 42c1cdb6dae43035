import { spawnSync } from 'node:child_process';

/**
 * Throws, naming the server, when `command args` (default `--version`) does not
 * run and exit 0: a stack test must fail when its server is missing, never skip.
 */
export function requireServer(command: string, args: string[] = ['--version']): void {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (run.error === undefined && run.status === 0) return;
  const why = run.error?.message ?? `exit status ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').pop() ?? ''}`;
  throw new Error(`${command} ${args.join(' ')} does not run (${why}); .ci/run installs the Python stacks from Debian packages`);
}
