import { spawnSync } from 'node:child_process';

/**
 * Fails (never skips) a test whose real server is not installed, naming the
 * command and what it answered. `.ci/run` installs them from Debian.
 */
export function requireServer(command: string, args: string[] = ['--version']): void {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (run.error === undefined && run.status === 0) return;
  const answer = run.error ? run.error.message : `exit ${run.status}: ${run.stderr.trim().split('\n').pop() ?? ''}`;
  throw new Error(`\`${[command, ...args].join(' ')}\` failed (${answer}): this test runs the real server; .ci/run installs it from Debian`);
}
