import { spawn } from 'node:child_process';

/**
 * Real process trees for the stats tests. Each root leads its own process
 * group, so killTrees() takes down everything it forked, even after a failure.
 */

const roots: number[] = [];

/** Starts `sh -c script` in a new process group; returns the shell's pid. */
export function spawnShell(script: string): number {
  return spawnRoot('sh', ['-c', script]);
}

export function spawnRoot(command: string, args: string[]): number {
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  roots.push(child.pid);
  return child.pid;
}

/** For afterEach: SIGKILL every process group started since the last call. */
export function killTrees(): void {
  for (const pid of roots.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
