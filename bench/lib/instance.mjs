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

export class SupervisorInstance {
  constructor({ label, command, args, cwd, parseLine, requestShutdown, env = {} }) {
    this.label = label;
    this.extraEnv = env; // variables on top of the bench's environment (and the cleanup mark)
    this.command = command;
    this.args = args;
    this.cwd = cwd;
    this.parseLine = parseLine;
    this.requestShutdown = requestShutdown;
    this.marker = newMarker();
    this.procs = new Map(); // name → { state, pid, at }
    this.running = new Set();
    this.waiters = new Set();
    this.listeners = new Set();
    this.tail = [];
    this.stderrTail = [];
    this.exitInfo = null;
    this.parseState = {};
  }

  start() {
    this.launchedAt = performance.now();
    this.child = spawn(this.command, this.args, {
      cwd: this.cwd,
      detached: true, // own process group: the terminal's Ctrl-C reaches only the bench, which cleans up
      stdio: ['ignore', 'pipe', 'pipe'],
      env: envWithMarker(this.marker, this.extraEnv),
    });
    this.pid = this.child.pid;
    if (this.pid) trackSupervisor(this.pid);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        untrackSupervisor(this.pid);
        for (const w of this.waiters) w.fail(new Error(`${this.label} exited (code ${code}, signal ${signal}) ${this.context()}`));
        resolve(this.exitInfo);
      });
      this.child.on('error', (err) => {
        this.exitInfo = { code: null, signal: null, error: err };
        for (const w of this.waiters) w.fail(err);
        resolve(this.exitInfo);
      });
    });
    watchLines(this.child.stdout, (line, at) => this.onLine(line, at));
    watchLines(this.child.stderr, (line) => keep(this.stderrTail, line));
    return this;
  }

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

  /** Calls fn(event) for every state event from now on; returns a function that stops it. */
  onEvent(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Resolves with the arrival time of the first state event for which pred(event) is true. */
  waitFor(pred, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      if (this.exitInfo) return reject(new Error(`${this.label} is not running ${this.context()}`));
      const waiter = {
        pred,
        done: (at) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(at);
        },
        fail: (err) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(err);
        },
      };
      const timer = setTimeout(() => waiter.fail(new Error(`${this.label}: no ${what} within ${timeoutMs} ms ${this.context()}`)), timeoutMs);
      this.waiters.add(waiter);
    });
  }

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

function keep(list, line) {
  list.push(line);
  if (list.length > 50) list.shift();
}
