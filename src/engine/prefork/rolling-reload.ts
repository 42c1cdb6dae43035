import type { ProgramConfig } from '../../config/runtime.js';
import type { ManagedProcess } from '../managed-process.js';
import type { ActionResult } from '../../api/supervisor-api.js';

export interface ReloadSteps {
  /** Adds one new (STOPPED) worker to the program and starts it; resolves once it settled. */
  startReplacement(program: ProgramConfig): Promise<{ proc: ManagedProcess; result: ActionResult }>;
  /** Stops a worker gracefully (its stop signal, then stopwaitsecs) and removes it. */
  retire(proc: ManagedProcess): Promise<void>;
}

/**
 * Replaces a prefork program's workers one at a time: a new worker starts and
 * must be ready (RUNNING) before one old worker is told to stop, so the
 * workers serving never drop below the count asked for and the shared socket
 * keeps every connection. A new worker that never gets ready aborts the reload;
 * the old workers that are left keep serving.
 */
export async function rollingReload(program: ProgramConfig, olds: ManagedProcess[], steps: ReloadSteps): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const [index, old] of olds.entries()) {
    const { proc, result } = await steps.startReplacement(program);
    if (proc.state !== 'RUNNING') {
      await steps.retire(proc);
      const message = `reload aborted: the new worker ${proc.name} did not get ready (${result.message}); the old workers keep serving`;
      for (const kept of olds.slice(index)) results.push({ name: kept.name, ok: false, state: kept.state, message });
      return results;
    }
    const oldName = old.name;
    const oldPid = old.pid;
    await steps.retire(old);
    results.push({ name: oldName, ok: true, state: 'RUNNING', message: `replaced by ${proc.name} (pid ${proc.pid}); old pid ${oldPid ?? '-'}` });
  }
  return results;
}
