import { readdirSync, readFileSync } from 'node:fs';
import { isAlive, waitFor } from '../../helpers/wait-for.js';

/**
 * Every supervisor a case starts carries this variable with the case's own
 * value, and passes it on to its programs and everything they fork. Cleanup
 * finds what is left by it, wherever it was reparented to: a grandchild that
 * outlived its program, or a program a SIGKILLed supervisor left behind.
 */
export const MARKER = 'DROVER_CONFORMANCE_RUN';

export function findMarked(runId: string): number[] {
  const needle = `${MARKER}=${runId}\0`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(needle)) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** SIGKILLs every process carrying the run's marker until none is left (new ones may be forked meanwhile). */
export async function killMarked(runId: string): Promise<void> {
  await waitFor(
    `processes of run ${runId} to be gone`,
    () => {
      const left = findMarked(runId).filter(isAlive);
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      return left.length === 0;
    },
    10_000,
    50,
  );
}

/** Kills a whole process group, quietly when it is gone already. */
export function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // No such group any more.
  }
}
