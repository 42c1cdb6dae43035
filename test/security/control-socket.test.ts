import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { ReadableBuild } from '../helpers/readable-build.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { recordRow } from '../reliability/profile.js';

/**
 * Whoever can connect to the control socket can start, stop and signal every
 * program, so only drover's own user may. drover does not read the peer's
 * credentials (Node has no SO_PEERCRED); the file system refuses other users
 * before a connection exists: the socket is 0600 in a folder that is 0700,
 * owned by drover's user, and drover refuses to start in a folder others can
 * write to (they could replace the socket with their own).
 */

const isRoot = process.getuid?.() === 0;

let h: DaemonHarness;
let readable: ReadableBuild | null = null;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  readable?.remove();
  readable = null;
  await h.cleanup();
});

describe('the control socket', () => {
  it('refuses to start in a folder its group or others can write to', async () => {
    for (const mode of [0o770, 0o707, 0o1777]) {
      const shared = path.join(h.dir, `shared-${mode.toString(8)}`);
      mkdirSync(shared);
      chmodSync(shared, mode);
      h.writeConfig(`supervisor:\n  socket: ${path.basename(shared)}/drover.sock\nprograms:\n  a:\n    command: sleep 1000\n`);
      const started = await h.startDaemon();
      expect(started.code, started.stderr).toBe(1);
      expect(started.stderr).toContain(`refusing to put the control socket in ${shared}: other users can write to it (mode ${mode.toString(8).padStart(4, '0')})`);
    }
  });

  it('lets no other user connect: the connection is refused before drover sees it, and nothing is disturbed', async () => {
    h.writeConfig('programs:\n  a:\n    command: sleep 1000\n    startsecs: 0\n');
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const before = await waitFor('a RUNNING', async () => (await h.rememberPrograms())['a:a'] ?? null);
    expect(statSync(h.socket).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(h.socket)).mode & 0o777).toBe(0o700);
    expect(statSync(path.dirname(h.socket)).uid).toBe(process.getuid?.());
    if (!isRoot) return; // switching to another uid to try it needs root; the modes above are what refuses it
    const asNobody = { uid: 65534, gid: 65534, encoding: 'utf8' as const, cwd: '/' };
    const connect = `require('net').createConnection(${JSON.stringify(h.socket)}).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`;
    const raw = spawnSync(process.execPath, ['-e', connect], asNobody);
    expect(raw.stdout.trim()).toBe('EACCES');
    // nobody runs drover from a copy it can read: the checkout may be in a folder only its owner can enter.
    readable = new ReadableBuild();
    const ctl = spawnSync(process.execPath, [readable.file('cli/main.js'), 'ctl', '--socket', h.socket, 'stop', 'a'], asNobody);
    expect(ctl.status).toBe(4);
    // The test's temp folder is private too, so nobody cannot even see who owns run/.
    expect(ctl.stderr).toContain(
      `permission denied at ${h.socket} (from --socket): the control socket is private to the user drover runs as (${path.dirname(h.socket)} belongs to another user); run drover ctl as that user`,
    );
    expect(isAlive(started.pid!)).toBe(true);
    expect((await h.rememberPrograms())['a:a']).toBe(before);
    recordRow({
      id: 'security-socket',
      scenario: 'another user (uid 65534) connects to the control socket',
      injected: '2 attempts: a raw connect and `drover ctl stop`',
      outcome: 'both refused by the file system (EACCES), ctl names the owner; programs undisturbed',
      lost: '—',
      crashes: '0',
    });
  });
});
