import type { ChildExit } from './child-exit.js';
import type { HandoverMessage } from './keeper-handover.js';
import type { SpawnResult } from './spawn-child.js';

/** What SpawnerClient (spawner-client.ts) keeps per request and reads from drover-spawner. */

export interface Pending {
  resolve: (result: SpawnResult) => void;
  pid?: number;
  exit?: ChildExit;
  /** The output pair the helper gave the child. */
  pair?: number;
  /** A prefork worker of the built-in runtime: its notify socket comes with its pair. */
  notify?: boolean;
}

/** How the helper runs: on its own, as a keeper listening at `path`, or as a relay to the keeper at `path`. */
export type HelperMode = { kind: 'plain' } | { kind: 'keep'; path: string } | { kind: 'attach'; path: string };

export type HelperMessage =
  | HandoverMessage
  | { t: 'stdout'; pair: number }
  | { t: 'stderr'; pair: number }
  | { t: 'notify'; pair: number }
  | { t: 'spawned'; id: number; pid: number; pair: number }
  | { t: 'error'; id: number; errno: number }
  | { t: 'exit'; pid: number; code: number | null; signal: number | null; respawn?: { id: number } };

export interface Armed {
  id: number;
  fired: boolean;
  /** Disarmed, but kept until the child's exit: the helper may have fired before it read the disarm. */
  disarmed: boolean;
  resolve: (result: SpawnResult) => void;
}
