import { write } from 'node:fs';
import { encodeWorkerMessage, type WorkerMessage } from './protocol.js';

/** Errors that mean nobody reads the other end any more. */
const GONE = new Set(['EPIPE', 'ECONNRESET', 'ENOTCONN']);
const RETRY_MS = 20;

/**
 * The write end of the notify pipe. Writes go through fs.write (libuv's thread
 * pool), one at a time, so a master that stops reading never blocks the event
 * loop; a non-blocking fd's EAGAIN is retried. Heartbeats are coalesced: while
 * one is waiting, a newer one replaces it. When the reader is gone (EPIPE),
 * `onGone` runs once and later messages are dropped.
 */
export class NotifyPipe {
  private readonly queue: { line: string; heartbeat: boolean }[] = [];
  private writing = false;
  private gone = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly fd: number | undefined,
    private readonly onGone: (err: NodeJS.ErrnoException) => void,
  ) {}

  send(message: WorkerMessage): void {
    if (this.fd === undefined || this.gone) return;
    const item = { line: encodeWorkerMessage(message), heartbeat: message.t === 'hb' };
    const last = this.queue[this.queue.length - 1];
    if (item.heartbeat && last?.heartbeat) this.queue[this.queue.length - 1] = item;
    else this.queue.push(item);
    this.pump();
  }

  /** Resolves when everything sent so far is written (or can never be), or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private busy(): boolean {
    return !this.gone && (this.writing || this.queue.length > 0);
  }

  private pump(): void {
    if (this.writing || this.gone) return;
    const next = this.queue.shift();
    if (!next) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    this.writing = true;
    this.writeFrom(Buffer.from(next.line), 0);
  }

  private writeFrom(buf: Buffer, offset: number): void {
    write(this.fd!, buf, offset, buf.length - offset, null, (err, written) => {
      if (err) {
        if (err.code === 'EAGAIN' || err.code === 'EWOULDBLOCK' || err.code === 'EINTR') {
          setTimeout(() => this.writeFrom(buf, offset), RETRY_MS);
          return;
        }
        this.writing = false;
        this.markGone(err);
        return;
      }
      if (offset + written < buf.length) {
        this.writeFrom(buf, offset + written);
        return;
      }
      this.writing = false;
      this.pump();
    });
  }

  private markGone(err: NodeJS.ErrnoException): void {
    if (this.gone) return;
    this.gone = true;
    this.queue.length = 0;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
    this.onGone(err);
  }

  /** True when the error means the master closed its end, as opposed to a broken fd. */
  static isReaderGone(err: NodeJS.ErrnoException): boolean {
    return GONE.has(err.code ?? '');
  }
}
