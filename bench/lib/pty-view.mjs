/**
 * `drover attach` in a real pseudo-terminal of a fixed size, with every byte
 * it writes to the terminal counted.
 *
 * util-linux `script -qfec CMD /dev/null` opens a pty, runs CMD on its slave
 * side and copies everything that comes out of the master to its own stdout
 * (-f: at once): script's stdout is exactly what the view wrote to its
 * terminal. CMD sets the pty's size with stty, then execs the view, so the
 * view process is script's child. script's stdin is a pipe that is never
 * ended (an EOF there would end the session); nothing is typed into it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { envWithMarker, killUntilGone, newMarker, pidsWithMarker, trackSupervisor, untrackSupervisor } from './cleanup.mjs';
import { DROVER_MAIN } from './drover.mjs';
import { childrenOf } from './procfs.mjs';
import { sleep } from './stats.mjs';

const shq = (/** @type {string} */ s) => `'${String(s).replaceAll("'", `'\\''`)}'`;
const TAIL_BYTES = 64 * 1024;

export function scriptVersion() {
  try {
    return execFileSync('script', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Starts the view. Returns a PtyView; call waitForText() to know it drew,
 * window() to count bytes over a span, stop() to end it (idempotent).
 * @param {{ socket: string, rows?: number, cols?: number, term?: string, cwd: string }} options
 */
export function startPtyView({ socket, rows = 24, cols = 80, term = 'xterm-256color', cwd }) {
  const marker = newMarker();
  const env = envWithMarker(marker, { TERM: term, SHELL: '/bin/sh', LINES: String(rows), COLUMNS: String(cols) });
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.CI; // some colour detection treats CI as "no colours"
  const cmd = `stty rows ${rows} cols ${cols}; exec ${shq(process.execPath)} ${shq(DROVER_MAIN)} attach --socket ${shq(socket)}`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  return new PtyView({ child, marker, cmd, rows, cols, term });
}

export class PtyView {
  /** @param {{ child: import('node:child_process').ChildProcessWithoutNullStreams, marker: string, cmd: string, rows: number, cols: number, term: string }} view */
  constructor({ child, marker, cmd, rows, cols, term }) {
    this.child = child;
    this.marker = marker;
    this.cmd = cmd;
    this.rows = rows;
    this.cols = cols;
    this.term = term;
    /** @type {number | undefined} */
    this.viewPid = undefined;
    /** @type {Promise<{ forced: boolean, leftovers: number, exit: unknown }> | undefined} */
    this.stopping = undefined;
    this.startedAt = performance.now();
    this.scriptPid = child.pid ?? NaN; // NaN when spawn failed: a signal to it throws
    if (this.scriptPid) trackSupervisor(this.scriptPid);
    this.totalBytes = 0;
    /** @type {number | null} */
    this.firstOutputAt = null;
    this.tail = Buffer.alloc(0);
    this.stderr = '';
    /** @type {[number, number][] | null} */
    this.chunks = null; // [at, bytes] while a window records
    /** @type {import('./types.mjs').ExitInfo | null} */
    this.exitInfo = null;
    /** @type {Set<{ text: string, done: (at: number) => void, fail: (err: Error) => void }>} */
    this.textWaiters = new Set();
    child.stdin.on('error', () => {}); // EPIPE once script is gone
    child.stdout.on('data', (/** @type {Buffer} */ c) => this.onData(c));
    child.stderr.on('data', (/** @type {Buffer} */ c) => {
      this.stderr = (this.stderr + c.toString('utf8')).slice(-4000);
    });
    /** @type {Promise<import('./types.mjs').ExitInfo>} */
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        for (const w of this.textWaiters) w.fail(new Error(`script exited (${signal ?? `code ${code}`}) ${this.context()}`));
        resolve(this.exitInfo);
      });
      child.on('error', (err) => {
        this.exitInfo = { code: null, signal: null, error: err };
        for (const w of this.textWaiters) w.fail(err);
        resolve(this.exitInfo);
      });
    });
  }

  /**
   * @param {Buffer} chunk
   */
  onData(chunk) {
    const at = performance.now();
    this.firstOutputAt ??= at;
    this.totalBytes += chunk.length;
    if (this.chunks) this.chunks.push([at, chunk.length]);
    this.tail = Buffer.concat([this.tail, chunk]);
    if (this.tail.length > TAIL_BYTES) this.tail = this.tail.subarray(this.tail.length - TAIL_BYTES);
    for (const w of [...this.textWaiters]) if (this.tail.includes(w.text)) w.done(at);
  }

  /**
   * Resolves (with the arrival time) once `text` shows in the terminal output.
   * @param {string} text
   * @param {number} timeoutMs
   * @returns {Promise<number>}
   */
  waitForText(text, timeoutMs) {
    return new Promise((resolve, reject) => {
      if (this.tail.includes(text)) return resolve(performance.now());
      if (this.exitInfo) return reject(new Error(`script is not running ${this.context()}`));
      const w = {
        text,
        done: (/** @type {number} */ at) => {
          clearTimeout(timer);
          this.textWaiters.delete(w);
          resolve(at);
        },
        fail: (/** @type {Error} */ err) => {
          clearTimeout(timer);
          this.textWaiters.delete(w);
          reject(err);
        },
      };
      const timer = setTimeout(() => w.fail(new Error(`"${text}" did not show in the view within ${timeoutMs} ms ${this.context()}`)), timeoutMs);
      this.textWaiters.add(w);
    });
  }

  /** The view process: script's child running dist/cli/main.js attach (after the shell exec'd it). */
  async findViewPid(timeoutMs = 10_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      for (const pid of childrenOf(this.scriptPid)) {
        try {
          const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          if (argv.includes(DROVER_MAIN) && argv.includes('attach')) return (this.viewPid = pid);
        } catch {
          // gone
        }
      }
      if (this.exitInfo) throw new Error(`script exited before the view started ${this.context()}`);
      if (performance.now() > deadline) throw new Error(`no \`attach\` process under script (pid ${this.scriptPid}) within ${timeoutMs} ms ${this.context()}`);
      await sleep(20);
    }
  }

  /** Starts recording output chunks; the returned function stops and returns { bytes, chunks, wallMs }. */
  record() {
    const t0 = performance.now();
    const bytes0 = this.totalBytes;
    this.chunks = [];
    return () => {
      const chunks = this.chunks;
      this.chunks = null;
      return { bytes: this.totalBytes - bytes0, chunks, wallMs: performance.now() - t0 };
    };
  }

  /** The last output, escape sequences made readable, for error messages. */
  context() {
    const text = this.tail
      .subarray(Math.max(0, this.tail.length - 600))
      .toString('utf8')
      .replace(/\x1b/g, '\\e');
    return `\n  command: script -qfec ${this.cmd} /dev/null\n  last terminal output: ${text || '(none)'}${this.stderr.trim() ? `\n  script stderr: ${this.stderr.trim()}` : ''}`;
  }

  stop() {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  /** SIGTERM to the view (it restores the terminal and exits), then to script's group, then SIGKILL. */
  async stopNow() {
    let forced = false;
    const kill = (/** @type {number} */ target, /** @type {NodeJS.Signals} */ sig) => {
      try {
        process.kill(target, sig);
      } catch {
        // gone
      }
    };
    if (!this.exitInfo) {
      if (this.viewPid) kill(this.viewPid, 'SIGTERM');
      let done = await Promise.race([this.exited, sleep(this.viewPid ? 5000 : 0).then(() => null)]);
      if (!done) {
        kill(-this.scriptPid, 'SIGTERM');
        kill(this.scriptPid, 'SIGTERM');
        done = await Promise.race([this.exited, sleep(3000).then(() => null)]);
      }
      if (!done) {
        forced = true;
        for (const target of [-this.scriptPid, this.scriptPid, this.viewPid].filter(Boolean)) kill(/** @type {number} */ (target), 'SIGKILL');
        await Promise.race([this.exited, sleep(3000)]);
      }
    }
    this.child.stdin.destroy();
    untrackSupervisor(this.scriptPid);
    await sleep(50);
    const leftovers = killUntilGone(() => pidsWithMarker(this.marker));
    return { forced, leftovers, exit: this.exitInfo };
  }
}
