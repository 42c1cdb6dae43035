/**
 * drover as a benchmark subject: writes its config (JSON, which is YAML),
 * runs `node dist/cli/main.js -c FILE` in the foreground and maps its
 * one-line-per-state-change stdout to state events.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SupervisorInstance } from './instance.mjs';

export const DROVER_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DROVER_MAIN = join(DROVER_ROOT, 'dist', 'cli', 'main.js');
/** The `drover` command as installed (package.json "bin"): what a user's `drover ctl` runs. */
export const DROVER_BIN = join(DROVER_ROOT, 'dist', 'cli', 'drover');

export function droverVersion() {
  return JSON.parse(readFileSync(join(DROVER_ROOT, 'package.json'), 'utf8')).version;
}

// 2026-11-26 07:57:33.307 web:web STARTING -> RUNNING pid=16317 (up for 1000ms)
const STATE_LINE = /^(\S+ \S+) (\S+) ([A-Z]+) -> ([A-Z]+)(?: pid=(\d+))?/;

/**
 * ts: drover's own timestamp of the change (ms since the epoch, local time as printed), when it parses.
 * @param {string} line
 */
export function parseLine(line) {
  const m = STATE_LINE.exec(line);
  if (!m) return null;
  const ts = new Date(String(m[1]).replace(' ', 'T')).getTime();
  return { name: String(m[2]), from: m[3], state: String(m[4]), pid: m[5] ? Number(m[5]) : undefined, ts: Number.isFinite(ts) ? ts : undefined };
}

export const droverSocketOf = (/** @type {string} */ dir) => join(dir, 'run', 'drover.sock');

/**
 * programs: [{ name, command, logfile?, maxbytes?, backups?, watch?, reloadSignal? }], or for a prefork program
 * [{ name, prefork: { bind, workers, app, ... } }] (the options as written in programs.yaml).
 * @param {string} dir
 * @param {import('./types.mjs').ProgramSpec[]} programs
 */
export function writeDroverConfig(dir, programs) {
  /** @type {{ supervisor: Record<string, string>, programs: Record<string, unknown>, groups?: Record<string, string[]> }} */
  const config = {
    supervisor: {
      logdir: join(dir, 'logs'),
      socket: droverSocketOf(dir),
      pidfile: join(dir, 'run', 'drover.pid'),
      statefile: join(dir, 'run', 'drover.state.json'),
    },
    programs: Object.fromEntries(
      programs.map((p) => [
        p.name,
        p.prefork
          ? { type: 'prefork', ...p.prefork }
          : {
              command: p.command,
              numprocs: 1,
              startsecs: 0,
              autorestart: true,
              ...(p.logfile ? { stdout_logfile: p.logfile } : {}),
              ...(p.maxbytes ? { stdout_logfile_maxbytes: p.maxbytes } : {}),
              ...(p.backups !== undefined ? { stdout_logfile_backups: p.backups } : {}),
              ...(p.watch ? { watch: p.watch } : {}),
              ...(p.reloadSignal ? { reload_signal: p.reloadSignal } : {}),
            },
      ]),
    ),
  };
  // Programs with a `group` are also listed under `groups:`.
  /** @type {Record<string, string[]>} */
  const groups = {};
  for (const p of programs) if (p.group) (groups[p.group] ??= []).push(p.name);
  if (Object.keys(groups).length > 0) config.groups = groups;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'programs.yaml');
  writeFileSync(file, `${JSON.stringify(config, null, 1)}\n`);
  return file;
}

/** @satisfies {import('./types.mjs').SupervisorTool} */
export const drover = {
  name: /** @type {const} */ ('drover'),
  start(/** @type {string} */ dir, /** @type {import('./types.mjs').ProgramSpec[]} */ programs) {
    const file = writeDroverConfig(dir, programs);
    const inst = new SupervisorInstance({
      label: 'drover',
      command: process.execPath,
      args: [DROVER_MAIN, '-c', file],
      cwd: dir,
      parseLine,
      requestShutdown: async (self) => process.kill(self.pid, 'SIGTERM'),
    });
    inst.configFile = file;
    inst.socket = droverSocketOf(dir); // the control socket `drover ctl --socket` talks to
    return inst.start();
  },
  /** A fresh client asking the running instance for its status table. */
  statusCommand(/** @type {import('./types.mjs').SupervisorInstance} */ inst) {
    return { command: DROVER_BIN, args: ['ctl', '--socket', inst.socket, 'status'] };
  },
  /** A fresh client restarting every process of a `groups:` entry. */
  restartCommand(/** @type {import('./types.mjs').SupervisorInstance} */ inst, /** @type {string} */ group) {
    return { command: DROVER_BIN, args: ['ctl', '--socket', inst.socket, 'restart', `${group}:*`] };
  },
  /** A fresh client running any ctl command (`signal HUP web`, `reload web`, …). */
  ctlCommand(/** @type {import('./types.mjs').SupervisorInstance} */ inst, /** @type {string[]} */ args) {
    return { command: DROVER_BIN, args: ['ctl', '--socket', inst.socket, ...args] };
  },
};
