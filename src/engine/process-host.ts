import type { ProcessState } from '../api/process-state.js';
import type { ArmRespawn } from './armed-respawn.js';
import type { SpawnedChild, SpawnRequest, SpawnResult } from './spawn-child.js';

/**
 * What a ManagedProcess needs from its supervisor: kept small so it can be
 * tested alone. Generic over the process (managed-process.ts names it
 * ProcessHost) so that this file does not import the class that imports it.
 */
export interface SupervisorHooks<ManagedProcess> {
  buildSpawnRequest(proc: ManagedProcess): SpawnRequest;
  /** Creates the process: synchronously (child_process) or not (drover-spawner). */
  spawn(request: SpawnRequest, proc: ManagedProcess): SpawnResult | Promise<SpawnResult>;
  /** Wire the child's output to logs; called right after a successful spawn. */
  attachOutput(proc: ManagedProcess, child: SpawnedChild): void;
  /**
   * The process entered a new state. `pid` is the child the change is about:
   * the one running, or the one whose exit caused it (no longer `proc.pid`).
   */
  onStateChange(proc: ManagedProcess, from: ProcessState, pid: number | null): void;
  /** A child started: the state file records it (on the next turn of the loop, see state-recorder.ts). */
  onChildSpawned(proc: ManagedProcess, pid: number): void;
  /**
   * A child ended: recorded once its exit is acted on (a restart already asked
   * for), since an exit left out of the state file only leaves a dead pid there,
   * which the next supervisor tells from a live one by its start time.
   */
  onChildExited(pid: number): void;
  /** Something about this process worth telling the user (a silent worker killed, say). */
  warn(proc: ManagedProcess, message: string): void;
  /** Arms a RUNNING child's respawn in drover-spawner (armed-respawn.ts); absent: every restart is spawned anew. */
  armRespawn?: ArmRespawn;
  /** Runs `run` once the spawns asked for so far have settled (arming is kept off a burst of starts); absent: on the next turn. */
  afterSpawns?: (run: () => void) => void;
}
