/**
 * supervisord as the peer: finds (or, as root, installs) it, writes an ini
 * with the sections supervisorctl needs, runs `supervisord -n -c FILE`, and
 * maps its log lines on stdout ("spawned: 'x' with pid N", "success: x
 * entered RUNNING state") to the same state events as drover's.
 */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { findOrAptInstall, which } from './apt.mjs';
import { SupervisorInstance } from './instance.mjs';
import * as xmlrpc from './xmlrpc.mjs';

/**
 * @param {string} bin
 */
function versionOf(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * { bin, version } or { bin: null, reason }.
 * @param {import('./types.mjs').Log} log
 * @returns {import('./types.mjs').Located}
 */
export function locateSupervisord(log) {
  const found = findOrAptInstall('supervisord', 'supervisor', log);
  if (!found.bin) return found;
  if (found.installed) log('note: the Debian package may also have enabled the system-wide supervisor service (systemctl disable --now supervisor if unwanted)');
  return { ...found, version: versionOf(found.bin) };
}

const SPAWNED = /spawned: '([^']+)' with pid (\d+)/;
const SUCCESS = /success: (\S+) entered RUNNING state/;
const EXITED = /(exited|stopped): (\S+) \(/;
const FATAL = /gave up: (\S+) entered FATAL state/;

/**
 * @param {string} line
 * @returns {import('./types.mjs').ParsedState | null}
 */
function parseLine(line) {
  let m;
  if ((m = SPAWNED.exec(line))) return { name: String(m[1]), state: 'STARTING', pid: Number(m[2]) };
  if ((m = SUCCESS.exec(line))) return { name: String(m[1]), state: 'RUNNING' };
  if ((m = EXITED.exec(line))) return { name: String(m[2]), state: m[1] === 'exited' ? 'EXITED' : 'STOPPED' };
  if ((m = FATAL.exec(line))) return { name: String(m[1]), state: 'FATAL' };
  return null;
}

/**
 * @param {import('./types.mjs').ProgramSpec[]} programs
 */
function groupBy(programs) {
  /** @type {Map<string | undefined, import('./types.mjs').ProgramSpec[]>} */
  const groups = new Map();
  for (const p of programs) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  return groups;
}

/**
 * programs: [{ name, command, logfile?, maxbytes?, backups?, group? }]
 * @param {string} dir
 * @param {import('./types.mjs').ProgramSpec[]} programs
 */
export function writeSupervisordConfig(dir, programs) {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const sock = join(dir, 'supervisor.sock');
  // Each process costs supervisord 5 fds (stdin/stdout/stderr pipe ends, two AUTO log files). Its children close
  // every fd below minfds, so the default 1024 is kept unless the programs need more.
  const minfds = Math.max(1024, programs.length * 5 + 32);
  const lines = [
    '[unix_http_server]',
    `file=${sock}`,
    'chmod=0700',
    '',
    '[supervisord]',
    `logfile=${join(dir, 'supervisord.log')}`,
    `pidfile=${join(dir, 'supervisord.pid')}`,
    `childlogdir=${join(dir, 'logs')}`,
    'nodaemon=true',
    'loglevel=info',
    `minfds=${minfds}`,
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=unix://${sock}`,
    '',
  ];
  for (const p of programs) {
    lines.push(`[program:${p.name}]`, `command=${p.command}`, 'numprocs=1', 'startsecs=0', 'autorestart=true');
    if (p.logfile) lines.push(`stdout_logfile=${p.logfile}`);
    if (p.maxbytes) lines.push(`stdout_logfile_maxbytes=${p.maxbytes}`);
    if (p.backups !== undefined) lines.push(`stdout_logfile_backups=${p.backups}`);
    lines.push('');
  }
  // Programs with a `group` are also listed in a [group:x] section (then named x:program).
  const groups = groupBy(programs.filter((p) => p.group));
  for (const [group, members] of groups) lines.push(`[group:${group}]`, `programs=${members.map((p) => p.name).join(',')}`, '');
  const file = join(dir, 'supervisord.conf');
  writeFileSync(file, lines.join('\n'));
  return { file, sock };
}

/**
 * supervisorctl from the same install as supervisord (same folder), else the one on PATH.
 * @param {string} supervisordBin
 */
export function supervisorctlBin(supervisordBin) {
  const sibling = join(dirname(supervisordBin), 'supervisorctl');
  try {
    accessSync(sibling, constants.X_OK);
    return sibling;
  } catch {
    return which('supervisorctl') ?? 'supervisorctl';
  }
}

/**
 * @param {string} bin
 * @returns {import('./types.mjs').SupervisorTool}
 */
export function makeSupervisordTool(bin) {
  return {
    name: 'supervisord',
    start(dir, programs) {
      const { file, sock } = writeSupervisordConfig(dir, programs);
      const inst = new SupervisorInstance({
        label: 'supervisord',
        command: bin,
        args: ['-n', '-c', file],
        cwd: dir,
        parseLine,
        requestShutdown: async (self) => {
          await xmlrpc.call(sock, 'supervisor.shutdown', [], 5000);
          void self;
        },
      });
      inst.socket = sock;
      inst.configFile = file; // `supervisorctl -c FILE` finds the socket through its [supervisorctl] section
      inst.rpc = (method, params, timeoutMs) => xmlrpc.call(sock, method, params, timeoutMs);
      inst.killOnFinish = true; // see SupervisorInstance.finish
      return inst.start();
    },
    /** A fresh client asking the running instance for its status table. */
    statusCommand(inst) {
      return { command: supervisorctlBin(bin), args: ['-c', inst.configFile, 'status'] };
    },
    /** A fresh client restarting every process of a [group:x]. */
    restartCommand(inst, group) {
      return { command: supervisorctlBin(bin), args: ['-c', inst.configFile, 'restart', `${group}:*`] };
    },
    /** A fresh supervisorctl running any command (`signal HUP web`, …). */
    ctlCommand(inst, args) {
      return { command: supervisorctlBin(bin), args: ['-c', inst.configFile, ...args] };
    },
  };
}
