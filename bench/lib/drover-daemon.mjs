/**
 * drover as a headless daemon: `dist/cli/drover --daemon -c FILE` (the
 * command users run: drover.sh picks the launcher's bundle) detaches and
 * prints its pid and control socket; everything else goes
 * through `drover ctl --socket S …`. The launcher gets a cleanup mark in its
 * environment, which the detached supervisor, its helpers and its programs
 * inherit, so stop() (and the bench's final sweep) can find whatever is left.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { envWithMarker, killHard, killUntilGone, newMarker, pidsWithMarker, trackSupervisor, trySignal, untrackSupervisor } from './cleanup.mjs';
import { DROVER_BIN, DROVER_MAIN } from './drover.mjs';
import { childrenOf } from './procfs.mjs';
import { sleep } from './stats.mjs';
import { timeClient } from '../scenarios/ctl-status.mjs';

let statusCount = 0;
const READY_LINE = /^drover: supervisor running, pid (\d+), control socket (.+), log (.+)$/m;

/**
 * True while pid exists and is not a zombie.
 * @param {number} pid
 */
export function isAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * @param {number} pid
 * @param {number} timeoutMs
 */
export async function waitGone(pid, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (isAlive(pid)) {
    if (performance.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Starts `drover --daemon -c configFile` in cwd; resolves once it says its socket answers.
 * @param {{ configFile: string, cwd: string }} options
 */
export async function startDaemon({ configFile, cwd }) {
  const marker = newMarker();
  const env = envWithMarker(marker);
  const t0 = performance.now();
  const launch = await timeClient(DROVER_BIN, ['--daemon', '-c', configFile], { cwd, env, timeoutMs: 90_000 });
  const m = READY_LINE.exec(launch.stdout);
  if (launch.code !== 0 || !m) {
    killUntilGone(() => pidsWithMarker(marker));
    throw new Error(`drover --daemon -c ${configFile} exited ${launch.code ?? launch.signal}:\n  stdout: ${launch.stdout.trim()}\n  stderr: ${launch.stderr.trim()}`);
  }
  const pid = Number(m[1]);
  trackSupervisor(pid); // SIGKILLed first by the bench's sweep, so nothing respawns
  return new DroverDaemon({ pid, socket: String(m[2]), logFile: String(m[3]), marker, env, cwd, launchedAt: t0, launchMs: performance.now() - t0 });
}

/**
 * Runs a command with its stdout on fd; resolves with { code, signal, stderr }.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, fd: number, timeoutMs?: number }} options
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stderr: string }>}
 */
function runToFd(command, args, { cwd, env, fd, timeoutMs = 60_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stderr?.on('data', (c) => {
      stderr += c;
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

export class DroverDaemon {
  /**
   * launchedAt: performance.now() just before the launcher was spawned; launchMs: until it exited.
   * @param {{ pid: number, socket: string, logFile: string, marker: string, env: NodeJS.ProcessEnv, cwd: string, launchedAt: number, launchMs: number }} daemon
   */
  constructor({ pid, socket, logFile, marker, env, cwd, launchedAt, launchMs }) {
    this.pid = pid;
    this.socket = socket;
    this.logFile = logFile;
    this.marker = marker;
    this.env = env;
    this.cwd = cwd;
    this.launchedAt = launchedAt;
    this.launchMs = launchMs;
    /** @type {Promise<{ stopMs: number, forced: boolean, leftovers: number }> | undefined} */
    this.stopping = undefined;
  }

  /**
   * Runs `drover ctl --socket S ...args`; resolves with { ms, code, signal, stdout, stderr }.
   * @param {string[]} args
   */
  ctl(args, timeoutMs = 60_000) {
    return timeClient(process.execPath, [DROVER_MAIN, 'ctl', '--socket', this.socket, ...args], { cwd: this.cwd, env: this.env, timeoutMs });
  }

  /**
   * `ctl status --json` as an array (exit 3, "something is not RUNNING", is an answer too).
   * Its stdout goes to a file, not a pipe: the ctl client calls process.exit() right after
   * writing, and with 1,000 processes (~300 KB of JSON) a pipe gets only what fitted
   * before the exit (seen: 219,264 bytes), while writes to a file are synchronous.
   */
  /** @returns {Promise<{ name: string, state: string, pid: number | null, cpuPercent?: number | null }[]>} (the fields the bench reads) */
  async status() {
    if (!isAlive(this.pid)) throw new Error(`the drover daemon (pid ${this.pid}) is gone; its log:\n${this.logTail()}`);
    const file = join(this.cwd, `status-${process.pid}-${++statusCount}.json`);
    const fd = openSync(file, 'w');
    let r;
    try {
      r = await runToFd(process.execPath, [DROVER_MAIN, 'ctl', '--socket', this.socket, 'status', '--json'], { cwd: this.cwd, env: this.env, fd });
    } finally {
      closeSync(fd);
    }
    const text = readFileSync(file, 'utf8');
    rmSync(file, { force: true });
    if (r.code !== 0 && r.code !== 3) throw new Error(`ctl status --json exited ${r.code ?? r.signal}: ${r.stderr.trim()}`);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(`ctl status --json printed ${text.length} bytes that do not parse: ${/** @type {Error} */ (err).message}`, { cause: err });
    }
  }

  /**
   * Polls status until n processes are RUNNING; resolves with that status.
   * @param {number} n
   * @param {number} timeoutMs
   */
  async waitAllRunning(n, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const procs = await this.status();
      const running = procs.filter((p) => p.state === 'RUNNING').length;
      if (running >= n) return procs;
      if (performance.now() > deadline) throw new Error(`drover daemon: ${running}/${n} RUNNING after ${timeoutMs} ms; its log:\n${this.logTail()}`);
      await sleep(500);
    }
  }

  /**
   * The daemon's own processes: itself and its children that are not programs (drover-spawner helpers).
   * @param {number[]} programPids
   */
  supervisorPids(programPids) {
    const programs = new Set(programPids);
    return [this.pid, ...childrenOf(this.pid).filter((pid) => !programs.has(pid))];
  }

  logTail(lines = 15) {
    try {
      return readFileSync(this.logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .map((l) => `  ${l}`)
        .join('\n');
    } catch {
      return '  (no log)';
    }
  }

  /**
   * `ctl shutdown`, then SIGTERM, then SIGKILL if it does not go; then every
   * process with its mark. Returns { stopMs, forced, leftovers }. Idempotent.
   */
  stop(timeoutMs = 60_000) {
    this.stopping ??= this.stopNow(timeoutMs);
    return this.stopping;
  }

  /**
   * @param {number} timeoutMs
   */
  async stopNow(timeoutMs) {
    const t0 = performance.now();
    let forced = false;
    if (isAlive(this.pid)) {
      const r = await this.ctl(['shutdown'], timeoutMs).catch((err) => ({ code: null, stderr: String(err) }));
      let gone = await waitGone(this.pid, r.code === 0 ? 10_000 : 1000);
      if (!gone) {
        trySignal(this.pid, 'SIGTERM');
        gone = await waitGone(this.pid, timeoutMs);
      }
      if (!gone) {
        forced = true;
        killHard(this.pid);
        await waitGone(this.pid, 5000);
      }
    }
    untrackSupervisor(this.pid);
    const stopMs = performance.now() - t0;
    await sleep(50);
    const leftovers = killUntilGone(() => pidsWithMarker(this.marker));
    return { stopMs, forced, leftovers };
  }
}
