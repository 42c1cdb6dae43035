import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * The `drover` command as npm installs it: dist/cli/drover (src/cli/drover.sh),
 * reached through a symlink as in node_modules/.bin.
 */

const LAUNCHER = fileURLToPath(new URL('../../dist/cli/drover', import.meta.url));
const CA_WARNING = /Ignoring extra certs from/;

let dir: string;
let drover: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-bin-'));
  drover = path.join(dir, 'drover');
  symlinkSync(LAUNCHER, drover);
  writeFileSync(path.join(dir, 'programs.yaml'), 'programs:\n  a:\n    command: sleep 1\n');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

// Node warns at start-up when NODE_EXTRA_CA_CERTS names a file it cannot read: a sign it was handed the variable.
const run = (...args: string[]) => spawnSync(drover, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'missing-ca.pem') } });

describe('the drover launcher', () => {
  it('runs drover through a symlink, with the arguments as given', () => {
    const r = run('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^drover \d+\.\d+\.\d+\n$/);
  });

  it('runs ctl and check without NODE_EXTRA_CA_CERTS (they never use TLS), and every other verb with it', () => {
    const check = run('check', '-c', 'programs.yaml');
    expect(check.status).toBe(0);
    expect(check.stderr).not.toMatch(CA_WARNING);
    const ctl = run('ctl', '-c', 'programs.yaml', 'status');
    expect(ctl.status).toBe(4); // nothing runs here: no supervisor answers
    expect(ctl.stderr).not.toMatch(CA_WARNING);
    expect(run('--version').stderr).toMatch(CA_WARNING);
  });

  it("runs drover --daemon's launcher without NODE_EXTRA_CA_CERTS, and gives it back to the supervisor and its programs", async () => {
    const ca = path.join(dir, 'missing-ca.pem');
    const seen = path.join(dir, 'seen.txt');
    writeFileSync(
      path.join(dir, 'programs.yaml'),
      `programs:\n  show:\n    command: [sh, -c, 'echo "$NODE_EXTRA_CA_CERTS" > seen; env | grep -c ^DROVER_NODE_EXTRA >> seen; mv seen seen.txt; exec sleep 600']\n    directory: ${dir}\n    startsecs: 0\n`,
    );
    const pidfile = path.join(dir, 'run', 'drover.pid');
    try {
      const daemon = run('--daemon', '-c', 'programs.yaml');
      expect(daemon.status, daemon.stderr).toBe(0);
      expect(daemon.stderr).not.toMatch(CA_WARNING);
      await waitFor('the program to write what it was given', () => existsSync(seen));
      expect(readFileSync(seen, 'utf8')).toBe(`${ca}\n0\n`); // and not the variable drover.sh moved it to
      // The supervisor was started with the variable: Node warned about the missing file into its log.
      expect(readFileSync(path.join(dir, 'logs', 'drover.log'), 'utf8')).toMatch(CA_WARNING);
    } finally {
      const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8').trim()) : NaN;
      run('ctl', '-c', 'programs.yaml', 'shutdown');
      if (pid > 0) await waitFor('the supervisor to exit', () => !isAlive(pid), 15_000).catch(() => process.kill(pid, 'SIGKILL'));
    }
  });
});
