/**
 * Wires one child stream (its stdout or stderr pipe) to a log file, a ring
 * and optional line listeners. The hot path keeps raw bytes: a chunk is
 * copied into the ring and into the file's queue, nothing else, unless
 * someone listens for lines.
 *
 * Backpressure: when the file's queue passes its high-water mark the source
 * is paused and resumed on drain. The child then blocks in write(2) on a full
 * pipe, so nothing is lost and the supervisor's memory stays bounded.
 */
import type { Readable } from 'node:stream';
import { guardCallback } from './log-errors.js';
import { LineAligner } from './line-aligner.js';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from './line-splitter.js';
import type { OutputRing } from './output-ring.js';
import { routeChunks, unrouteChunks } from './pipe-socket.js';
import type { RotatingFile } from './rotating-file.js';

export type OutputStreamName = 'stdout' | 'stderr';

/**
 * How long a line without its newline is held back before it is written as it
 * is: a prompt or a progress line shows in the file and in `tail` at once, as
 * supervisord shows it, and a line written in quick pieces still goes in whole.
 */
export const PARTIAL_LINE_DELAY_MS = 500;

/** Receives complete lines, without their newline, in output order. */
export type LineListener = (stream: OutputStreamName, lines: string[]) => void;

export interface CaptureOptions {
  stream: OutputStreamName;
  /** null for a `none` target: the pipe is still drained into the ring. */
  file: RotatingFile | null;
  ring: OutputRing | null;
  /**
   * Pass only whole lines to the file and ring. Set it when another stream
   * shares them (redirect_stderr) so the two interleave only between lines.
   */
  lineAligned?: boolean;
  /** Longest line handed to listeners before it is cut with a marker. */
  maxLineBytes?: number;
  /** See PARTIAL_LINE_DELAY_MS. */
  partialLineDelayMs?: number;
  /** Source stream errors and throwing listeners; the capture carries on. */
  onError?: (error: Error) => void;
  /**
   * Numbers each chunk the ring gets, from one counter per process shared by
   * its streams, so the ring's lines can be put in arrival order with the
   * other stream's even within one millisecond. Without it, every chunk is 0.
   */
  nextSeq?: () => number;
}

export interface CaptureStats {
  /** Bytes read from the source: divide by elapsed time for throughput. */
  bytes: number;
  chunks: number;
  /** How often the file's backpressure paused the source. */
  pauses: number;
}

export class StreamCapture {
  readonly stream: OutputStreamName;
  /** Resolves at end of stream (or close()) once the file holds every byte. */
  readonly finished: Promise<void>;
  private readonly counters: CaptureStats = { bytes: 0, chunks: 0, pauses: 0 };
  private readonly listeners = new Set<LineListener>();
  private splitter: LineSplitter | null = null;
  private readonly aligner: LineAligner | null;
  /**
   * Even with its own file, a stream writes whole lines where it can: a file
   * that ends mid-line cannot rotate until that line ends (rotation-plan.ts
   * never tears one). A line without its newline waits for it, up to
   * maxLineBytes and PARTIAL_LINE_DELAY_MS; the ring gets every byte at once.
   */
  private readonly fileAligner: LineAligner | null;
  /** Runs while an aligner holds a line without its newline; releases it when it fires. */
  private partialTimer: NodeJS.Timeout | null = null;
  /** When the held line without its newline began to wait (ms since the epoch); null while none waits. */
  private heldSince: number | null = null;
  private atLineStart = true;
  private paused = false;
  private ended = false;
  private resolveFinished!: () => void;
  private readonly stopDrain: () => void;
  private readonly reportError: (error: Error) => void;

  constructor(
    private readonly source: Readable,
    private readonly options: CaptureOptions,
  ) {
    this.stream = options.stream;
    this.reportError = guardCallback(options.onError);
    this.aligner = options.lineAligned ? new LineAligner(options.maxLineBytes) : null;
    this.fileAligner = !options.lineAligned && options.file ? new LineAligner(options.maxLineBytes) : null;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.stopDrain = options.file?.onDrain(this.onDrain) ?? (() => {});
    // A pipe from openPipeSocket hands over each read without a Buffer of its own; anything else comes through `data`.
    if (!routeChunks(source, this.onChunk)) source.on('data', this.onData);
    source.once('end', this.finish);
    source.once('close', this.finish);
    source.on('error', this.onSourceError);
    // A child that died before we attached may have left an already-closed pipe.
    if (source.destroyed || source.readableEnded) this.finish();
  }

  /** Paused until the file takes what is queued (so what the source still holds is not read yet). */
  get waitingOnFile(): boolean {
    return this.paused;
  }

  get stats(): CaptureStats {
    return { ...this.counters };
  }

  /** Starts line splitting on the first listener; returns the unsubscribe. */
  addLineListener(listener: LineListener): () => void {
    this.listeners.add(listener);
    this.splitter ??= new LineSplitter(this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, !this.atLineStart);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.splitter = null;
    };
  }

  /**
   * Stops reading (a grandchild may hold the pipe open forever) and resolves
   * once what was read is in the file. Does not close the file: the engine
   * owns it and may share it or keep it across restarts.
   */
  close(): Promise<void> {
    if (!this.ended) this.source.destroy();
    this.finish();
    return this.finished;
  }

  private readonly onData = (data: Buffer | string): void => {
    this.onChunk(typeof data === 'string' ? Buffer.from(data) : data);
  };

  /** Everything that keeps bytes (ring, file queue, aligners, splitter) copies them: the chunk may be a reused read buffer. */
  private readonly onChunk = (chunk: Buffer): void => {
    if (chunk.length === 0) return;
    this.counters.bytes += chunk.length;
    this.counters.chunks += 1;
    const at = Date.now();
    const seq = this.options.nextSeq?.() ?? 0;
    const holder = this.aligner ?? this.fileAligner;
    const heldBefore = holder?.heldBytes ?? 0;
    if (this.aligner !== null) for (const piece of this.aligner.push(chunk)) this.store(piece, at, seq);
    else if (this.fileAligner !== null) {
      this.options.ring?.push(chunk, at, seq);
      this.writeFile(this.fileAligner.push(chunk));
    } else this.store(chunk, at, seq);
    if (this.splitter !== null) this.deliver(this.splitter.push(chunk));
    this.atLineStart = chunk[chunk.length - 1] === 10;
    if (holder !== null) this.timePartialLine(holder.heldBytes, heldBefore + chunk.length, at);
  };

  /**
   * `held` bytes wait for a newline; `continued` is what they would be had this chunk only extended the held line.
   * A flood leaves a new partial line after almost every read, so the timer is not re-armed per chunk: it
   * runs on, and when it fires early for the line now held it waits out that line's remaining time.
   */
  private timePartialLine(held: number, continued: number, now: number): void {
    if (held === 0) {
      this.heldSince = null;
      return;
    }
    // The same line grew: its time keeps running, so a steady trickle without newlines still shows.
    if (this.heldSince !== null && held === continued) return;
    this.heldSince = now;
    if (this.partialTimer === null) this.armPartialTimer(this.partialLineDelayMs);
  }

  private get partialLineDelayMs(): number {
    return this.options.partialLineDelayMs ?? PARTIAL_LINE_DELAY_MS;
  }

  private armPartialTimer(delayMs: number): void {
    this.partialTimer = setTimeout(this.onPartialTimer, delayMs);
    this.partialTimer.unref();
  }

  private readonly onPartialTimer = (): void => {
    this.partialTimer = null;
    if (this.heldSince === null) return;
    const left = this.heldSince + this.partialLineDelayMs - Date.now();
    if (left > 0) this.armPartialTimer(left);
    else this.releasePartialLine();
  };

  private stopPartialTimer(): void {
    if (this.partialTimer !== null) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    this.heldSince = null;
  }

  /** Passes on the held bytes as they are: no newline is added, and the rest of the line follows when it comes. */
  private readonly releasePartialLine = (): void => {
    this.heldSince = null;
    if (this.aligner !== null) {
      const at = Date.now();
      const seq = this.options.nextSeq?.() ?? 0;
      for (const piece of this.aligner.flush()) this.store(piece, at, seq);
    }
    if (this.fileAligner !== null) this.writeFile(this.fileAligner.flush());
  };

  private store(chunk: Buffer, at: number, seq: number): void {
    this.options.ring?.push(chunk, at, seq);
    this.writeFile([chunk]);
  }

  /** `chunks` follow each other: the file writes them together. */
  private writeFile(chunks: Buffer[]): void {
    const file = this.options.file;
    if (file === null || chunks.length === 0 || file.writeAll(chunks) || this.paused) return;
    this.paused = true;
    this.counters.pauses += 1;
    this.source.pause();
  }

  private readonly onDrain = (): void => {
    if (!this.paused) return;
    this.paused = false;
    if (!this.ended) this.source.resume();
  };

  private deliver(lines: string[]): void {
    if (lines.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(this.stream, lines);
      } catch (error) {
        this.reportError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  private readonly onSourceError = (error: Error): void => {
    this.reportError(error);
    this.finish();
  };

  private readonly finish = (): void => {
    if (this.ended) return;
    this.ended = true;
    this.source.off('data', this.onData);
    unrouteChunks(this.source);
    this.stopPartialTimer();
    this.releasePartialLine();
    if (this.splitter !== null) this.deliver(this.splitter.flush());
    this.stopDrain();
    const flushed = this.options.file?.flush() ?? Promise.resolve();
    void flushed.then(this.resolveFinished);
  };
}

/** Starts capturing `source`; see StreamCapture. */
export function captureStream(source: Readable, options: CaptureOptions): StreamCapture {
  return new StreamCapture(source, options);
}
