import type { ProgramConfig } from '../config/runtime.js';
import type { ManagedProcess } from './managed-process.js';
import { isLive } from './process-state.js';
import { stopWaves } from './start-order.js';

/**
 * Stops processes wave by wave (see stopWaves): dependents and higher
 * priorities first, and every process of a wave at once, so a hundred
 * programs of one priority take one stopwaitsecs, not a hundred. The next
 * wave gets its stop signal only once the whole wave before it is down.
 * `programs` are those of `procs`, in config order.
 */
export async function stopInWaves(procs: ManagedProcess[], programs: ProgramConfig[]): Promise<void> {
  for (const wave of stopWaves(programs)) {
    const names = new Set(wave.map((program) => program.name));
    const inWave = procs.filter((proc) => names.has(proc.program.name));
    for (const proc of inWave) proc.dispatch({ kind: 'stop' });
    await Promise.all(inWave.map((proc) => proc.waitUntil((p) => !isLive(p.state))));
  }
}
