import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findNativeHelper } from '../../src/engine/native-helpers.js';
import { resolveUser } from '../../src/engine/resolve-user.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { ReadableBuild } from '../helpers/readable-build.js';
import { waitFor } from '../helpers/wait-for.js';
import { recordRow } from '../reliability/profile.js';

/**
 * `user:` as supervisord, su and systemd's User= do it: the user's uid, its
 * primary gid and every supplementary group /etc/group gives it, with no way
 * back to root. Only root can switch users; anyone else is refused, naming why.
 */

const isRoot = process.getuid?.() === 0;
const NOBODY = resolveUser('nobody')!;

/** Real ids, effective ids and groups of a live process, from /proc. */
function credentials(pid: number): { uid: number[]; gid: number[]; groups: number[] } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => (new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
  return { uid: field('Uid'), gid: field('Gid'), groups: field('Groups') };
}

describe('resolving a user', () => {
  let h: DaemonHarness;
  beforeEach(() => {
    h = new DaemonHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('reads uid, gid, home and the supplementary groups that list the user', () => {
    const passwd = path.join(h.dir, 'passwd');
    const group = path.join(h.dir, 'group');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www:/var/www:/usr/sbin/nologin\n');
    writeFileSync(group, 'root:x:0:\nwww-data:x:33:\nssl-cert:x:110:postgres,www-data\ndocker:x:999:www-data\nstaff:x:50:www-datax\n');
    expect(resolveUser('www-data', passwd, group)).toEqual({ name: 'www-data', uid: 33, gid: 33, home: '/var/www', groups: [33, 110, 999] });
    expect(resolveUser('33', passwd, group)?.name).toBe('www-data');
    expect(resolveUser('4242', passwd, group)).toEqual({ name: '4242', uid: 4242, gid: 4242, home: '/', groups: [4242] });
    expect(resolveUser('nosuchuser', passwd, group)).toBeNull();
  });
});

describe('drover-as-user', () => {
  it('sets the supplementary groups, then gid and uid, then execs; it cannot go back to root', () => {
    const helper = findNativeHelper('drover-as-user');
    expect(helper, 'npm run build compiles drover-as-user').not.toBeNull();
    if (!isRoot) {
      // Only root may call setgroups: the helper says so and runs nothing.
      const refused = spawnSync(helper!, ['65534', '65534', '65534', '/bin/true', 'true'], { encoding: 'utf8' });
      expect(refused.status).toBe(126);
      expect(refused.stderr).toMatch(/cannot set the groups of uid 65534/);
      return;
    }
    const script = 'grep -E "^(Uid|Gid|Groups):" /proc/self/status; id -u';
    const run = spawnSync(helper!, ['65534', '65534', '65534,4,27', '/bin/sh', 'sh', '-c', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Uid:\s+65534\s+65534\s+65534\s+65534$/m);
    expect(run.stdout).toMatch(/^Gid:\s+65534\s+65534\s+65534\s+65534$/m);
    expect(run.stdout).toMatch(/^Groups:\s+4 27 65534\s*$/m);
    const missing = spawnSync(helper!, ['65534', '65534', '-', '/no/such/program', 'x'], { encoding: 'utf8' });
    expect(missing.status).toBe(127);
    expect(missing.stderr).toContain('cannot run /no/such/program as uid 65534');
  });
});

describe('user: in a running supervisor', () => {
  let h: DaemonHarness;
  beforeEach(() => {
    h = new DaemonHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('as root: the program runs as the user with its own groups; as anyone else: FATAL, saying only root can switch', async () => {
    const target = isRoot ? 'nobody' : 'root';
    h.writeConfig(`programs:\n  low:\n    command: sleep 1000\n    user: ${target}\n    startsecs: 0\n    startretries: 0\n`);
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    if (isRoot) {
      const pid = await waitFor('low RUNNING', async () => (await h.rememberPrograms())['low:low'] ?? null);
      const ids = credentials(pid);
      expect(ids.uid).toEqual([NOBODY.uid, NOBODY.uid, NOBODY.uid, NOBODY.uid]);
      expect(ids.gid).toEqual([NOBODY.gid, NOBODY.gid, NOBODY.gid, NOBODY.gid]);
      expect(ids.groups.sort((a, b) => a - b)).toEqual([...NOBODY.groups].sort((a, b) => a - b));
      expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain(`HOME=${NOBODY.home}`);
      recordRow({
        id: 'security-user',
        scenario: '`user: nobody` under a root drover',
        injected: '1 program',
        outcome: `uid ${NOBODY.uid}, gid ${NOBODY.gid}, groups [${NOBODY.groups.join(', ')}] from /etc/passwd and /etc/group, HOME ${NOBODY.home}; root cannot be regained`,
        lost: '—',
        crashes: '0',
      });
    } else {
      const log = path.join(h.dir, 'logs', 'drover.log');
      await waitFor('FATAL with the reason', () => /low:low \S+ -> FATAL .*cannot run as user root: only root can switch users/.test(readFileSync(log, 'utf8')));
    }
  });

  it('a drover that is not root refuses the switch with a clear reason', () => {
    // As root, run the engine's spawn checks as uid 65534, the way a non-root drover runs them,
    // from a copy uid 65534 can read (the checkout may be in a folder only its owner can enter).
    const readable = new ReadableBuild();
    const module = readable.file('engine/spawn-child.js');
    const code = `import(${JSON.stringify(module)}).then((m) => console.log(JSON.stringify(m.prepareSpawn({ argv: ['sleep', '1'], cwd: '/', env: { PATH: '/usr/bin:/bin' }, user: 'root', umask: null }))))`;
    const run = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', cwd: '/', ...(isRoot ? { uid: 65534, gid: 65534 } : {}) });
    readable.remove();
    expect(run.status, run.stderr).toBe(0);
    const uid = isRoot ? 65534 : process.getuid?.();
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      reason: `cannot run as user root: only root can switch users, and drover runs as uid ${uid}; remove user: or start drover as root`,
    });
  });
});
