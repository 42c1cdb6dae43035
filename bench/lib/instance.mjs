/**
 * One supervisor process started by the bench, whatever the tool: spawns it in
 * its own process group with a cleanup mark, follows its stdout line by line
 * (each line timestamped on arrival), keeps each process's last known state
 * and pid, and stops it: gracefully first, then by force. The tool-specific
 * parts (argv, how a line maps to a state change, how to ask for a shutdown)
 * come from an adapter.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { envWithMarker, killHard, killUntilGone, newMarker, pidsWithMarker, trackSupervisor, trySignal, untrackSupervisor } from './cleanup.mjs';
import { watchLines } from './line-watcher.mjs';
import { sleep } from './stats.mjs';

/**
 * @typedef {object} InstanceAdapter  The tool-specific parts of a supervisor run.
 * @property {string} label
 * @property {string} command
 * @property {string[]} args
 * @property {string} cwd
 * @property {(line: string, state: Record<string, unknown>) => import('./types.mjs').ParsedState | null} parseLine
 * @property {(self: SupervisorInstance) => Promise<unknown>} requestShutdown
 * @property {NodeJS.ProcessEnv} [env]
 */

export class SupervisorInstance {
  /** @param {InstanceAdapter} adapter */
  constructor({ label, command, args, cwd, parseLine, requestShutdown, env = {} }) {
    this.label = label;
    this.extraEnv = env; // variables on top of the bench's environment (and the cleanup mark)
    this.command = command;
    this.args = args;
    this.cwd = cwd;
    this.parseLine = parseLine;
    this.requestShutdown = requestShutdown;
    this.marker = newMarker();
    /** @type {Map<string, import('./types.mjs').StateEvent>} */
    this.procs = new Map(); // name → { state, pid, at }
    /** @type {Set<string>} */
    this.running = new Set();
    /** @type {Set<{ pred: (ev: import('./types.mjs').StateEvent) => boolean, done: (at: number) => void, fail: (err: Error) => void }>} */
    this.waiters = new Set();
    /** @type {Set<(ev: import('./types.mjs').StateEvent) => void>} */
    this.listeners = new Set();
    /** @type {string[]} */
    this.tail = [];
    /** @type {string[]} */
    this.stderrTail = [];
    /** @type {import('./types.mjs').ExitInfo | null} */
    this.exitInfo = null;
    /** @type {Record<string, unknown>} */
    this.parseState = {};
    // Set by the tool that starts the instance (lib/drover.mjs, lib/supervisord.mjs, lib/pm2.mjs).
    /** @type {string} */
    this.configFile = '';
    /** @type {string} */
    this.socket = '';
    /** SIGKILL everything on finish() rather than stop gracefully (a peer whose stop is not measured). */
    this.killOnFinish = false;
    /** supervisord's XML-RPC, bound to its socket. @type {((method: string, params?: (string | number | boolean)[], timeoutMs?: number) => Promise<string>) | null} */
    this.rpc = null;
    /** PM2's home folder. @type {string} */
    this.pm2Home = '';
    /** PM2's daemon, when the instance's own process is the bench's event helper. @type {number | undefined} */
    this.supervisorPid = undefined;
    /** @type {Promise<import('./types.mjs').StopResult> | undefined} */
    this.stopping = undefined;
    this.launchedAt = 0;
    // NaN until spawned (or when spawn fails): a signal to it throws, where 0 would reach our own group.
    this.pid = NaN;
  }

  start() {
    this.launchedAt = performance.now();
    const child = spawn(this.command, this.args, {
      cwd: this.cwd,
      detached: true, // own process group: the terminal's Ctrl-C reaches only the bench, which cleans up
      stdio: ['ignore', 'pipe', 'pipe'],
      env: envWithMarker(this.marker, this.extraEnv),
    });
    this.child = child;
    this.pid = child.pid ?? NaN;
    if (this.pid) trackSupervisor(this.pid);
    /** @type {Promise<import('./types.mjs').ExitInfo>} */
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        untrackSupervisor(this.pid);
        for (const w of this.waiters) w.fail(new Error(`${this.label} exited (code ${code}, signal ${signal}) ${this.context()}`));
        resolve(this.exitInfo);
      });
      child.on('error', (err) => {
        this.exitInfo = { code: null, signal: null, error: err };
        for (const w of this.waiters) w.fail(err);
        resolve(this.exitInfo);
      });
    });
    watchLines(child.stdout, (line, at) => this.onLine(line, at));
    watchLines(child.stderr, (line) => keep(this.stderrTail, line));
    return this;
  }

  /**
   * @param {string} line
   * @param {number} at
   */
  onLine(line, at) {
    keep(this.tail, line);
    const ev = this.parseLine(line, this.parseState);
    if (!ev) return;
    const prev = this.procs.get(ev.name);
    const pid = ev.pid ?? prev?.pid ?? null;
    const event = { name: ev.name, state: ev.state, pid, at, ...(ev.from ? { from: ev.from } : {}), ...(ev.ts !== undefined ? { ts: ev.ts } : {}) };
    this.procs.set(ev.name, event);
    if (ev.state === 'RUNNING') this.running.add(ev.name);
    else this.running.delete(ev.name);
    for (const l of this.listeners) l(event);
    for (const w of [...this.waiters]) if (w.pred(event)) w.done(at);
  }

  /**
   * Calls fn(event) for every state event from now on; returns a function that stops it.
   * @param {(ev: import('./types.mjs').StateEvent) => void} fn
   */
  onEvent(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Resolves with the arrival time of the first state event for which pred(event) is true.
   * @param {(ev: import('./types.mjs').StateEvent) => boolean} pred
   * @param {number} timeoutMs
   * @param {string} what
   * @returns {Promise<number>}
   */
  waitFor(pred, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      if (this.exitInfo) return reject(new Error(`${this.label} is not running ${this.context()}`));
      const waiter = {
        pred,
        done: (/** @type {number} */ at) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(at);
        },
        fail: (/** @type {Error} */ err) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(err);
        },
      };
      const timer = setTimeout(() => waiter.fail(new Error(`${this.label}: no ${what} within ${timeoutMs} ms ${this.context()}`)), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * @param {number} n
   * @param {number} timeoutMs
   */
  waitAllRunning(n, timeoutMs) {
    if (this.running.size >= n) return Promise.resolve(performance.now());
    return this.waitFor(() => this.running.size >= n, timeoutMs, `${n} processes RUNNING (have ${this.running.size})`);
  }

  context() {
    const out = this.tail.slice(-8).join('\n  ');
    const err = this.stderrTail.slice(-8).join('\n  ');
    return `\n  last stdout:\n  ${out}${err ? `\n  last stderr:\n  ${err}` : ''}`;
  }

  /**
   * Graceful stop, then force after timeoutMs. Returns what it took and how many
   * marked processes were still alive after the supervisor exited (should be 0).
   */
  stop(timeoutMs = 60_000) {
    this.stopping ??= this.stopNow(timeoutMs);
    return this.stopping;
  }

  /**
   * Ends the instance where how it stops is not what is measured. drover is
   * always stopped gracefully (that it leaves nothing behind is part of what
   * the bench checks); a peer with killOnFinish set is SIGKILLed together with
   * everything it started, which saves the minutes supervisord and PM2 take to
   * shut down hundreds of programs one by one.
   */
  finish() {
    return this.killOnFinish ? this.discard() : this.stop();
  }

  discard() {
    this.stopping ??= (async () => {
      const t0 = performance.now();
      const killed = killUntilGone(() => pidsWithMarker(this.marker));
      await Promise.race([this.exited, sleep(5000)]);
      return { stopMs: performance.now() - t0, forced: false, leftovers: 0, discarded: true, killed, exit: this.exitInfo };
    })();
    return this.stopping;
  }

  /**
   * @param {number} timeoutMs
   * @returns {Promise<import('./types.mjs').StopResult>}
   */
  async stopNow(timeoutMs) {
    const t0 = performance.now();
    let forced = false;
    if (!this.exitInfo) {
      try {
        await this.requestShutdown(this);
      } catch {
        trySignal(this.pid, 'SIGTERM');
      }
      const done = await Promise.race([this.exited, sleep(timeoutMs).then(() => null)]);
      if (!done) {
        forced = true;
        killHard(this.pid);
        await Promise.race([this.exited, sleep(5000)]);
      }
    }
    const stopMs = performance.now() - t0;
    await sleep(50);
    const leftovers = killUntilGone(() => pidsWithMarker(this.marker));
    return { stopMs, forced, leftovers, exit: this.exitInfo };
  }
}

/**
 * @param {string[]} list
 * @param {string} line
 */
function keep(list, line) {
  list.push(line);
  if (list.length > 50) list.shift();
}
