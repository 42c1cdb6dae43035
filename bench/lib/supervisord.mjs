/**
 * supervisord as the peer: finds (or, as root, installs) it, writes an ini
 * with the sections supervisorctl needs, runs `supervisord -n -c FILE`, and
 * maps its log lines on stdout ("spawned: 'x' with pid N", "success: x
 * entered RUNNING state") to the same state events as drover's.
 */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { SupervisorInstance } from './instance.mjs';
import * as xmlrpc from './xmlrpc.mjs';

export function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, cmd);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return null;
}

function versionOf(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return 'unknown';
  }
}

/** { bin, version } or { bin: null, reason }. */
export function locateSupervisord(log) {
  let bin = which('supervisord');
  if (bin) return { bin, version: versionOf(bin), installed: false };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return { bin: null, reason: 'supervisord is not on PATH and the bench is not running as root, so it cannot apt-get install it' };
  if (!which('apt-get')) return { bin: null, reason: 'supervisord is not on PATH and apt-get is not available to install it' };
  log('supervisord not found; running: apt-get install -y supervisor');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', 'supervisor'], { env, encoding: 'utf8', timeout: 600_000 });
  let r = install();
  if (r.status !== 0) {
    log('apt-get install failed; running apt-get update and trying again');
    spawnSync('apt-get', ['update'], { env, encoding: 'utf8', timeout: 600_000 });
    r = install();
  }
  bin = which('supervisord');
  if (!bin) {
    const why = (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' / ');
    return { bin: null, reason: `apt-get install -y supervisor failed (exit ${r.status}): ${why}` };
  }
  log('note: the Debian package may also have enabled the system-wide supervisor service (systemctl disable --now supervisor if unwanted)');
  return { bin, version: versionOf(bin), installed: true };
}

const SPAWNED = /spawned: '([^']+)' with pid (\d+)/;
const SUCCESS = /success: (\S+) entered RUNNING state/;
const EXITED = /(exited|stopped): (\S+) \(/;
const FATAL = /gave up: (\S+) entered FATAL state/;

function parseLine(line) {
  let m;
  if ((m = SPAWNED.exec(line))) return { name: m[1], state: 'STARTING', pid: Number(m[2]) };
  if ((m = SUCCESS.exec(line))) return { name: m[1], state: 'RUNNING' };
  if ((m = EXITED.exec(line))) return { name: m[2], state: m[1] === 'exited' ? 'EXITED' : 'STOPPED' };
  if ((m = FATAL.exec(line))) return { name: m[1], state: 'FATAL' };
  return null;
}

/** programs: [{ name, command, logfile?, maxbytes?, backups? }] */
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
  const file = join(dir, 'supervisord.conf');
  writeFileSync(file, lines.join('\n'));
  return { file, sock };
}

/** supervisorctl from the same install as supervisord (same folder), else the one on PATH. */
export function supervisorctlBin(supervisordBin) {
  const sibling = join(dirname(supervisordBin), 'supervisorctl');
  try {
    accessSync(sibling, constants.X_OK);
    return sibling;
  } catch {
    return which('supervisorctl') ?? 'supervisorctl';
  }
}

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
      return inst.start();
    },
    /** A fresh client asking the running instance for its status table. */
    statusCommand(inst) {
      return { command: supervisorctlBin(bin), args: ['-c', inst.configFile, 'status'] };
    },
  };
}
