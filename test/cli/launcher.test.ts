import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheStampOf, expectedCacheStamp } from '../helpers/code-cache-stamp.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * The `drover` command as npm installs it: dist/cli/drover (src/cli/drover.sh),
 * reached through a symlink as in node_modules/.bin.
 */

const LAUNCHER = fileURLToPath(new URL('../../dist/cli/drover', import.meta.url));
const CA_WARNING = /Ignoring extra certs from/;
/** `drover --daemon`'s launcher: its loader, its bundle and V8's code cache of that bundle, which the first start writes. */
const DAEMON_LOADER = fileURLToPath(new URL('../../dist/cli/daemon.cjs', import.meta.url));
const DAEMON_BUNDLE = fileURLToPath(new URL('../../dist/cli/daemon-bundle.cjs', import.meta.url));
const DAEMON_CACHE = `${DAEMON_BUNDLE}.cache`;
const LIST_LOADED = fileURLToPath(new URL('../fixtures/hooks/list-loaded-modules.mjs', import.meta.url));
const DIST = path.dirname(path.dirname(DAEMON_LOADER));

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

  describe("drover --daemon's launcher", () => {
    const pidfile = () => path.join(dir, 'run', 'drover.pid');
    /** `drover --daemon` with one sleeping program; its exit code and stderr, the supervisor left running. */
    const startDaemon = (env: NodeJS.ProcessEnv = {}) => {
      writeFileSync(path.join(dir, 'programs.yaml'), 'programs:\n  a:\n    command: sleep 600\n    startsecs: 0\n');
      return spawnSync(drover, ['--daemon', '-c', 'programs.yaml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
    };
    const stopDaemon = async () => {
      const pid = existsSync(pidfile()) ? Number(readFileSync(pidfile(), 'utf8').trim()) : NaN;
      run('ctl', '-c', 'programs.yaml', 'shutdown');
      if (pid > 0) await waitFor('the supervisor to exit', () => !isAlive(pid), 15_000).catch(() => process.kill(pid, 'SIGKILL'));
      rmSync(pidfile(), { force: true });
    };

    it('runs from its bundle (dist/cli/daemon.cjs): one module file of drover besides the code cache runner, no view, engine or main.js', async () => {
      const listFile = path.join(dir, 'loaded.txt');
      try {
        const started = startDaemon({ NODE_OPTIONS: `--import ${LIST_LOADED}`, LOADED_MODULES_FILE: listFile });
        expect(started.status, started.stderr).toBe(0);
        expect(started.stdout).toMatch(/^drover: supervisor running, pid \d+/);
        // Read before the supervisor, which inherits the preload, writes its own list there at its exit.
        const loaded = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
        const droverFiles = loaded.filter((m) => m.startsWith(DIST)).map((m) => path.relative(path.dirname(DIST), m));
        expect(droverFiles.sort()).toEqual(['dist/cli/code-cache.cjs', 'dist/cli/daemon.cjs']);
        // Through the ES module loader (its hook sees the entry, with the preload): the entry alone, not main.js's graph.
        expect(loaded.filter((m) => m.startsWith('file://'))).toEqual([pathToFileURL(DAEMON_LOADER).href]);
        expect(readFileSync(DAEMON_BUNDLE, 'utf8')).not.toMatch(/dist\/(engine\/(?!unix-socket-probe)|tui\/|logs\/|stats\/|config\/load-config\.js)/);
      } finally {
        await stopDaemon();
      }
    });

    it('writes its code cache 0600 for this bundle and Node, uses it as it is, and starts the same with a garbage cache or one of another bundle', async () => {
      try {
        rmSync(DAEMON_CACHE, { force: true });
        const first = startDaemon();
        expect(first.status, first.stderr).toBe(0);
        expect(statSync(DAEMON_CACHE).mode & 0o777).toBe(0o600);
        expect(cacheStampOf(DAEMON_CACHE)).toBe(expectedCacheStamp(DAEMON_BUNDLE, 'drover-daemon-cache'));
        expect(statSync(DAEMON_CACHE).size).toBeGreaterThan(10_000);
        await stopDaemon();

        // A cache V8 accepts is not written again.
        const written = statSync(DAEMON_CACHE);
        const again = startDaemon();
        expect(again.status, again.stderr).toBe(0);
        expect(statSync(DAEMON_CACHE)).toMatchObject({ ino: written.ino, mtimeMs: written.mtimeMs });
        await stopDaemon();

        const stamp = cacheStampOf(DAEMON_CACHE);
        for (const bad of [Buffer.from(`${stamp}\nnot compiled code at all`), Buffer.from('drover-daemon-cache 1 v0.0.0 x64 1 1\nnot ours either')]) {
          writeFileSync(DAEMON_CACHE, bad, { mode: 0o600 });
          const started = startDaemon();
          expect(started.status, started.stderr).toBe(0);
          expect(started.stderr).toBe('');
          // Rejected (by V8) or not this bundle's (by its first line): written afresh.
          expect(cacheStampOf(DAEMON_CACHE)).toBe(stamp);
          expect(statSync(DAEMON_CACHE).size).toBeGreaterThan(10_000);
          await stopDaemon();
        }
      } finally {
        await stopDaemon();
      }
    });

    it('hands --help, a verb after --daemon and a missing config to main.js, which answers as before', () => {
      const help = run('--daemon', '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/^drover — a process supervisor/);
      const missing = run('--daemon', '-c', 'absent.yaml');
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/^drover: no config at .*absent\.yaml/);
      const ctl = run('--daemon', 'ctl', '-c', 'programs.yaml', 'status');
      expect(ctl.status).toBe(4); // ctl's own answer (nothing runs here), not the launcher's
      expect(ctl.stderr).not.toMatch(CA_WARNING);
      const bad = run('--daemon', '--bogus');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^drover: unknown option: --bogus\n/);
    });
  });
});
