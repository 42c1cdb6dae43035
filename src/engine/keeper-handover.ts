import type { ChildExit } from './child-exit.js';
import type { SpawnedChild } from './spawn-child.js';
import { pairComplete, type OutputPairs } from './output-pairs.js';

/**
 * What a keeper hands a supervisor that attaches to it (native/spawner-keep.c):
 * `attached` with the keeper's pid; per child it holds, the read ends of its
 * output pair (and notify socket) as handles, then `held` with its pid; each
 * listening socket it holds as a `socket` handle; then `adopted` with how many
 * children and sockets that was. Node delivers a message that carries a handle
 * a few ticks after a plain one, so `adopted` may come before the handles it
 * counts: the handover is complete when the counts are met. Exits recorded
 * while no supervisor was there follow as ordinary `exit` messages.
 */
export type HandoverMessage =
  { t: 'attached'; pid: number } | { t: 'held'; pid: number; pair: number; notify?: number } | { t: 'socket'; key: string } | { t: 'adopted'; children: number; sockets: number };

export interface Handover {
  keeperPid: number;
  /** The keeper's children, running or ended while no supervisor was there (their exits follow). */
  children: SpawnedChild[];
  /** Listening sockets by the key they were held under (raw handles, still listening). */
  sockets: Map<string, unknown>;
}

const KINDS = new Set(['attached', 'held', 'socket', 'adopted']);

interface Waiting {
  pid: number;
  notify: boolean;
  exit: ChildExit;
}

export class KeeperHandover {
  keeperPid: number | undefined;
  readonly done: Promise<Handover>;
  private resolve!: (handover: Handover) => void;
  private reject!: (error: Error) => void;
  private settled = false;
  /** Held children whose pair is not all here yet, by pair number. */
  private readonly waiting = new Map<number, Waiting>();
  private readonly children: SpawnedChild[] = [];
  private readonly sockets = new Map<string, unknown>();
  private expected: { children: number; sockets: number } | null = null;

  constructor(
    private readonly client: {
      /** Starts listening for the child's exit (which may already have been sent). */
      track(pid: number): ChildExit;
      readonly pairs: Pick<OutputPairs, 'get'>;
      /** The child on its complete pair. */
      child(pid: number, pair: number, exit: ChildExit): SpawnedChild;
    },
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A failed attach is the caller's to report; this keeps Node from calling it unhandled meanwhile.
    this.done.catch(() => {});
  }

  /** Still waiting for what the keeper holds. */
  get open(): boolean {
    return !this.settled;
  }

  accepts(message: { t: string }): message is HandoverMessage {
    return KINDS.has(message.t);
  }

  take(message: HandoverMessage, handle: unknown): void {
    switch (message.t) {
      case 'attached':
        this.keeperPid = message.pid;
        return;
      case 'held':
        this.waiting.set(message.pair, { pid: message.pid, notify: message.notify === 1, exit: this.client.track(message.pid) });
        this.pairArrived(message.pair);
        return;
      case 'socket':
        this.sockets.set(message.key, handle);
        break;
      case 'adopted':
        this.expected = { children: message.children, sockets: message.sockets };
        break;
    }
    this.check();
  }

  /** A handle of `pair` came: the held child on it may be complete now. */
  pairArrived(pair: number): void {
    const waiting = this.waiting.get(pair);
    if (!waiting || !pairComplete(this.client.pairs.get(pair), waiting.notify)) return;
    this.waiting.delete(pair);
    this.children.push(this.client.child(waiting.pid, pair, waiting.exit));
    this.check();
  }

  /** The relay ended first: false when the handover was already complete (a later end is the helper's death). */
  fail(reason: string): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.reject(new Error(reason));
    return true;
  }

  private check(): void {
    const expected = this.expected;
    if (this.settled || expected === null || this.keeperPid === undefined) return;
    if (this.children.length < expected.children || this.waiting.size > 0 || this.sockets.size < expected.sockets) return;
    this.settled = true;
    this.resolve({ keeperPid: this.keeperPid, children: this.children, sockets: this.sockets });
  }
}
