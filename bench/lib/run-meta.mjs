/** What a run was: the machine, the versions of drover and of every peer, and how it was invoked. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DROVER_ROOT, droverVersion } from './drover.mjs';
import { autocannonVersion } from './load.mjs';
import { CLK_TCK } from './procfs.mjs';

/**
 * @param {string} cmd
 * @param {string[]} args
 */
function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', cwd: DROVER_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/**
 * @param {{ argv: string[], quick: boolean, peers: import('./locate-peers.mjs').Peers, root: string }} run
 *   peers: locatePeers's answer; root: the run's temp folder
 */
export function describeRun({ argv, quick, peers, root }) {
  const { peer, pm2, wrk, gunicorn, asgiStack } = peers;
  return {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    nproc: Number(tryRun('nproc', [])) || os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    kernel: os.release(),
    memGB: Math.round(os.totalmem() / 1e9),
    node: process.version,
    drover: droverVersion(),
    droverSpawner:
      process.env.DROVER_SPAWNER === 'node' || !existsSync(join(DROVER_ROOT, 'dist', 'engine', 'native', 'drover-spawner'))
        ? 'Node child_process (no native helper built, or DROVER_SPAWNER=node)'
        : 'native posix_spawn helper (dist/engine/native/drover-spawner)',
    gitCommit: tryRun('git', ['rev-parse', '--short', 'HEAD']),
    supervisord: peer.bin ? `${peer.version} (${peer.bin})` : null,
    supervisordSkipped: peer.bin ? null : peer.reason,
    ...(pm2
      ? {
          pm2: pm2.bin ? `${pm2.version} (${pm2.bin}${pm2.installed ? ', installed by this run' : ''})` : null,
          pm2Skipped: pm2.bin ? null : pm2.reason,
          autocannon: autocannonVersion(),
          wrk: wrk?.bin ? `${wrk.version} (${wrk.bin}${wrk.installed ? ', installed by this run' : ''})` : null,
        }
      : {}),
    ...(gunicorn
      ? {
          gunicorn: gunicorn.bin ? `${tryRun(gunicorn.bin, ['--version']) ?? 'version unknown'} (${gunicorn.bin}${gunicorn.installed ? ', installed by this run' : ''})` : null,
          gunicornSkipped: gunicorn.bin ? null : gunicorn.reason,
        }
      : {}),
    ...(asgiStack ? { asgiStack: asgiStack.versions ?? null, asgiSkipped: asgiStack.reason ?? null } : {}),
    clkTck: CLK_TCK,
    tmpRoot: root,
  };
}
