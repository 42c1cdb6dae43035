/**
 * Finding a peer tool on PATH, or installing its Debian package (as root,
 * with apt-get) when it is missing. The bench installs peers, never the
 * project: they are not dependencies of drover.
 */
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

/**
 * @param {string} cmd
 * @returns {string | null}
 */
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

/**
 * `cmd` on PATH, else `apt-get install -y pkg` (with one `apt-get update` retry).
 * Returns { bin, installed } or { bin: null, reason }.
 * @param {string} cmd
 * @param {string} pkg
 * @param {import('./types.mjs').Log} log
 * @returns {import('./types.mjs').Located}
 */
export function findOrAptInstall(cmd, pkg, log) {
  let bin = which(cmd);
  if (bin) return { bin, installed: false };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return { bin: null, reason: `${cmd} is not on PATH and the bench is not running as root, so it cannot apt-get install ${pkg}` };
  if (!which('apt-get')) return { bin: null, reason: `${cmd} is not on PATH and apt-get is not available to install ${pkg}` };
  log(`${cmd} not found; running: apt-get install -y ${pkg}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', pkg], { env, encoding: 'utf8', timeout: 600_000 });
  let r = install();
  if (r.status !== 0) {
    log('apt-get install failed; running apt-get update and trying again');
    spawnSync('apt-get', ['update'], { env, encoding: 'utf8', timeout: 600_000 });
    r = install();
  }
  bin = which(cmd);
  if (!bin) {
    const why = (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' / ');
    return { bin: null, reason: `apt-get install -y ${pkg} failed (exit ${r.status}): ${why}` };
  }
  return { bin, installed: true };
}
