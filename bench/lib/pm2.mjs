/**
 * PM2 as a peer supervisor of the startup, idle, crash, flood, ctl and group
 * restart scenarios (the prefork scenario runs PM2 its own way, see
 * web-servers.mjs startPm2).
 *
 * Each start() gets a private PM2_HOME inside its run folder (never ~/.pm2)
 * and an ecosystem file (one fork-mode app per program, interpreter none).
 * The SupervisorInstance's command is bench/lib/pm2-events.cjs, a small Node
 * helper that loads PM2's API from the same install as `bin`, launches the
 * daemon and starts the ecosystem, printing one line per state event (see
 * that file): by default from the daemon's pid files (inotify on
 * PM2_HOME/pids, no cost to the daemon); `events: 'bus'` subscribes to PM2's
 * bus instead, which makes the daemon forward all app output to the helper
 * (distorts the flood scenario; for cross-checks). "The supervisor" measured by the idle,
 * flood and crash scenarios is PM2's daemon (inst.supervisorPid, from
 * PM2_HOME/pm2.pid), not the helper.
 *
 * What PM2 cannot do here: rotate a log (only the pm2-logrotate module does,
 * installed from the network), so the flood log is written unrotated.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { which } from './apt.mjs';
import { envWithMarker, trySignal } from './cleanup.mjs';
import { SupervisorInstance } from './instance.mjs';

const HELPER = join(dirname(fileURLToPath(import.meta.url)), 'pm2-events.cjs');

/**
 * The pm2 package folder `bin` belongs to (bin is usually node_modules/.bin/pm2 → ../pm2/bin/pm2).
 * @param {string} bin
 */
export function pm2PackageDir(bin) {
  let dir = dirname(realpathSync(bin));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      if (JSON.parse(readFileSync(file, 'utf8')).name === 'pm2') return dir;
    } catch {
      // not a package.json we can read
    }
  }
  throw new Error(`cannot find the pm2 package that ${bin} belongs to`);
}

const pm2HomeOf = (/** @type {string} */ dir) => join(dir, 'pm2-home');

/**
 * programs: [{ name, command, logfile?, maxbytes?, backups?, group? }] → ecosystem file path.
 * maxbytes/backups are ignored: PM2 has no log rotation of its own.
 * @param {string} dir
 * @param {import('./types.mjs').ProgramSpec[]} programs
 */
export function writePm2Ecosystem(dir, programs) {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const apps = programs.map((p) => {
    const [cmd = '', ...args] = (p.command ?? '').split(' ').filter(Boolean);
    return {
      name: p.name,
      script: cmd.includes('/') ? cmd : (which(cmd) ?? cmd),
      args,
      interpreter: 'none',
      exec_mode: 'fork',
      cwd: dir,
      autorestart: true,
      restart_delay: 0,
      // PM2 has no startsecs: 'online' is emitted right after spawn(). min_uptime only decides which exits count as
      // "unstable" restarts (16 of them within min_uptime × 16 of creation → errored); 100 ms is the schema's minimum.
      min_uptime: 100,
      watch: false,
      ...(p.group ? { namespace: p.group } : {}),
      ...(p.logfile ? { out_file: p.logfile, error_file: join(dir, 'logs', `${p.name}-err.log`) } : {}),
      merge_logs: true,
      time: false,
    };
  });
  const file = join(dir, 'ecosystem.json');
  writeFileSync(file, `${JSON.stringify({ apps }, null, 1)}\n`);
  return file;
}

// Lines from pm2-events.cjs.
const ONLINE = /^online (\S+) (\d+|-)$/;
const EXIT = /^exit (\S+) (\S+)$/;
const ERRORED = /^errored (\S+)$/;
const DAEMON = /^daemon (\d+)$/;

/**
 * state: the instance's parseState (the daemon pid is kept there).
 * @param {string} line
 * @param {Record<string, unknown>} [state]
 * @returns {import('./types.mjs').ParsedState | null}
 */
export function parseLine(line, state = {}) {
  let m;
  if ((m = ONLINE.exec(line))) return { name: String(m[1]), state: 'RUNNING', pid: m[2] === '-' ? undefined : Number(m[2]) };
  // A manual stop (pm2 stop/restart/kill) exits with status "stopping"/"stopped" set by the stop itself; a crash
  // reaches handleExit with the app "online" and is reported as "stopped" too, so only "stopping" is told apart.
  if ((m = EXIT.exec(line))) return { name: String(m[1]), state: m[2] === 'stopping' ? 'STOPPED' : m[2] === 'errored' ? 'FATAL' : 'EXITED' };
  if ((m = ERRORED.exec(line))) return { name: String(m[1]), state: 'FATAL' };
  if ((m = DAEMON.exec(line))) state.daemonPid = Number(m[1]);
  return null;
}

/**
 * @param {string} file
 */
function readPid(file) {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} bin
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {number} timeoutMs
 * @returns {Promise<{ code: number | string, stdout: string, stderr: string }>}
 */
function run(bin, args, env, timeoutMs) {
  return new Promise((resolve) => {
    execFile(bin, args, { env, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * `pm2 jlist` output → number of apps with status online; throws if it is not a JSON array.
 * @param {string} stdout
 */
export function countOnline(stdout) {
  const start = stdout.indexOf('[');
  if (start < 0) throw new Error('pm2 jlist: no JSON array in the output');
  const list = JSON.parse(stdout.slice(start));
  if (!Array.isArray(list)) throw new Error('pm2 jlist: not an array');
  return list.filter((/** @type {{ pm2_env?: { status?: string } } | null} */ a) => a?.pm2_env?.status === 'online').length;
}

/**
 * events: 'pidfiles' (default) or 'bus', the helper's event source (see pm2-events.cjs).
 * @param {string} bin
 * @param {{ events?: string }} [options]
 * @returns {import('./types.mjs').SupervisorTool}
 */
export function makePm2Tool(bin, { events = 'pidfiles' } = {}) {
  const pkgDir = pm2PackageDir(bin);
  return {
    name: 'pm2',
    events,
    notes: {
      flood:
        'PM2 has no log rotation of its own (only the pm2-logrotate module, installed from the network with `pm2 install`): its log is written unrotated, so maxbytes/backups do not apply and every byte stays in one file. ' +
        'Its "missing" 1 byte is not lost output: Node\'s spawn() (libuv) writes one byte to its signal pipe in the forked child before exec, which the producer\'s /proc/PID/io wchar counts.',
    },
    start(dir, programs) {
      const file = writePm2Ecosystem(dir, programs);
      const home = pm2HomeOf(dir);
      mkdirSync(home, { recursive: true });
      // Without PM2_HOME/touch, the first `pm2` CLI command in a fresh home prints a banner and phones home (version check).
      writeFileSync(join(home, 'touch'), String(Date.now()));
      const inst = new SupervisorInstance({
        label: 'pm2',
        command: process.execPath,
        args: [HELPER, pkgDir, file, events],
        cwd: dir,
        env: { PM2_HOME: home },
        parseLine,
        requestShutdown: async (self) => {
          // Stops every app and the daemon; then the helper. The instance's mark on the client too, so a stray is swept.
          // `pm2 kill` deletes the apps two at a time (CONCURRENT_ACTIONS) and each stop polls every 100 ms
          // (KILL_RETRY_TIME) before it sees the app gone: ≈ 50 ms per app (200 apps ≈ 10 s), hence the timeout.
          await run(bin, ['kill'], envWithMarker(self.marker, { PM2_HOME: home }), 60_000 + programs.length * 150);
          trySignal(self.pid, 'SIGTERM');
        },
      });
      inst.pm2Home = home;
      inst.configFile = file;
      // The daemon is the supervisor (procfs supervisorProcesses); the helper is only the bench's listener.
      Object.defineProperty(inst, 'supervisorPid', {
        get: () => /** @type {number | undefined} */ (inst.parseState.daemonPid) ?? readPid(join(home, 'pm2.pid')) ?? undefined,
      });
      inst.killOnFinish = true; // see SupervisorInstance.finish
      return inst.start();
    },
    /** A fresh client asking the daemon for its process list (JSON). */
    statusCommand(inst) {
      return { command: bin, args: ['jlist'], env: { PM2_HOME: inst.pm2Home }, countRunning: countOnline };
    },
    /** A fresh client restarting every app of a namespace (the program's group). */
    restartCommand(inst, group) {
      return { command: bin, args: ['restart', group], env: { PM2_HOME: inst.pm2Home } };
    },
  };
}
