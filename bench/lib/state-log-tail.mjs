/**
 * Follows a supervisor's log file for its state-change lines, as lib/instance.mjs follows a
 * foreground supervisor's stdout. Woken by inotify (fs.watch on the file's folder, so a file not
 * yet created is seen as it appears), it reads from the last offset to the end: a line is timed
 * when the write that completed it is seen, within the event loop's turn (well under 1 ms here,
 * where the bench does nothing else meanwhile). A 50 ms poll stands behind the watch only in case
 * an event is missed; when it finds new lines they are timed by the poll.
 */
import { closeSync, fstatSync, openSync, readSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';

const FALLBACK_POLL_MS = 50;

export class StateLogTail {
  /**
   * @param {string} file  the log; its folder must exist
   * @param {(line: string) => import('./types.mjs').ParsedState | null} parseLine
   */
  constructor(file, parseLine) {
    this.file = file;
    this.parseLine = parseLine;
    this.offset = 0;
    this.carry = '';
    /** name → its last state event. @type {Map<string, import('./types.mjs').StateEvent>} */
    this.procs = new Map();
    /** @type {Set<string>} */
    this.running = new Set();
    /** When the count of programs RUNNING first reached i + 1. @type {number[]} */
    this.firstReachedAt = [];
    /** @type {string[]} */
    this.tail = [];
    /** @type {{ n: number, done: (at: number) => void }[]} */
    this.waiters = [];
    const name = basename(file);
    this.watcher = watch(dirname(file), (_event, changed) => {
      if (changed === null || changed === name) this.readNew();
    });
    this.timer = setInterval(() => this.readNew(), FALLBACK_POLL_MS);
    this.readNew();
  }

  readNew() {
    let fd;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return; // not created yet
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return;
      const buf = Buffer.allocUnsafe(size - this.offset);
      const got = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += got;
      const at = performance.now();
      const parts = (this.carry + buf.toString('utf8', 0, got)).split('\n');
      this.carry = parts.pop() ?? '';
      for (const line of parts) this.onLine(line, at);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * @param {string} line
   * @param {number} at
   */
  onLine(line, at) {
    this.tail.push(line);
    if (this.tail.length > 15) this.tail.shift();
    const ev = this.parseLine(line);
    if (!ev) return;
    const pid = ev.pid ?? this.procs.get(ev.name)?.pid ?? null;
    this.procs.set(ev.name, { ...ev, pid, at });
    if (ev.state === 'RUNNING') this.running.add(ev.name);
    else this.running.delete(ev.name);
    if (this.running.size > this.firstReachedAt.length) this.firstReachedAt.push(at);
    for (const w of [...this.waiters]) if (this.firstReachedAt.length >= w.n) w.done(at);
  }

  /**
   * Resolves with the arrival time of the line that first made n distinct programs RUNNING, also when
   * that line was read before the call.
   * @param {number} n
   * @param {number} timeoutMs
   * @param {() => string | null} [failure]  checked on every poll: a reason to stop waiting (the supervisor is gone)
   * @returns {Promise<number>}
   */
  waitRunning(n, timeoutMs, failure = () => null) {
    this.readNew();
    const reached = this.firstReachedAt[n - 1];
    if (reached !== undefined) return Promise.resolve(reached);
    return new Promise((resolve, reject) => {
      const check = setInterval(() => {
        const reason = failure();
        if (reason) finish(() => reject(new Error(`${reason}; ${this.running.size}/${n} RUNNING; last lines of ${this.file}:\n  ${this.tail.join('\n  ')}`)));
      }, FALLBACK_POLL_MS);
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${this.running.size}/${n} RUNNING in ${this.file} after ${timeoutMs} ms; its last lines:\n  ${this.tail.join('\n  ')}`))),
        timeoutMs,
      );
      const waiter = { n, done: (/** @type {number} */ at) => finish(() => resolve(at)) };
      const finish = (/** @type {() => void} */ settle) => {
        clearInterval(check);
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        settle();
      };
      this.waiters.push(waiter);
    });
  }

  /** The pids of the programs last seen RUNNING. */
  runningPids() {
    return [...this.running].map((name) => this.procs.get(name)?.pid).filter(/** @returns {pid is number} */ (pid) => typeof pid === 'number');
  }

  close() {
    this.watcher.close();
    clearInterval(this.timer);
  }
}
