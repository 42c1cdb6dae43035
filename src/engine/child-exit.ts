export type ExitListener = (code: number | null, signal: string | null) => void;

/**
 * How one child ended, told to every listener exactly once. Several parts of
 * the engine listen (output capture, the process, prefork), each registering
 * when it gets to it; a child that died at once may have ended before some of
 * them asked, and those must hear it too, or the process stays RUNNING on a
 * dead pid.
 */
export class ChildExit {
  private listeners: ExitListener[] = [];
  private ending: { code: number | null; signal: string | null } | null = null;

  get ended(): boolean {
    return this.ending !== null;
  }

  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  listen(listener: ExitListener): void {
    const ending = this.ending;
    if (ending === null) {
      this.listeners.push(listener);
      return;
    }
    // Later, as a live exit would be: the caller finishes what it was doing (its own start) first.
    queueMicrotask(() => listener(ending.code, ending.signal));
  }

  /** Records the end and tells everyone listening; a second report of the same end is ignored. */
  settle(code: number | null, signal: string | null): void {
    if (this.ending !== null) return;
    this.ending = { code, signal };
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener(code, signal);
  }
}
