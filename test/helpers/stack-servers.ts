import { spawnSync } from 'node:child_process';

/**
 * Fails, naming the server and the package, when a real server a stack test
 * needs is missing. Never a skip: a stack test that silently did not run is
 * worse than a red one (.ci/run installs these from Debian).
 */
export function requireServer(command: string, args: string[] = ['--version']): void {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (run.status === 0) return;
  const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}: ${(run.stderr || run.stdout).trim()}`;
  throw new Error(`${command} is not usable (${[command, ...args].join(' ')}: ${why}); .ci/run installs it from Debian's package`);
}
