import { EventEmitter } from 'node:events';

/**
 * A terminal for runView: a TTY stdin the test types into, and a stdout that
 * records every write. Cast to Node's stream types, as Ink only uses these members.
 */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  /** Every setRawMode() call, in order. */
  readonly rawModes: boolean[] = [];
  private readonly queue: string[] = [];

  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.rawModes.push(mode);
    return this;
  }

  setEncoding(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  resume(): this {
    return this;
  }

  pause(): this {
    return this;
  }

  read(): string | null {
    return this.queue.shift() ?? null;
  }

  /** Types `data` as one chunk. */
  type(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }

  /** True once the view listens for keys. */
  get listening(): boolean {
    return this.listenerCount('readable') > 0;
  }
}

export class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  readonly writes: string[] = [];

  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    this.writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }

  get output(): string {
    return this.writes.join('');
  }
}

export function fakeTerminal() {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  return { stdin, stdout, streams: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream } };
}
