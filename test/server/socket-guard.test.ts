import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareSocket, probeSocket, restrictSocket } from '../../src/server/socket-guard.js';

let dir: string;
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
  rmSync(dir, { recursive: true, force: true });
});

function listen(socketPath: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((conn) => conn.end());
    servers.push(server);
    server.listen(socketPath, () => resolve(server));
  });
}

/** A socket file with nothing listening, as a SIGKILLed supervisor leaves it: a real listener, killed. */
async function staleSocket(socketPath: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

describe('socket guard', () => {
  it('creates a missing folder 0700, and the socket ends up 0600', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'drover-guard-'));
    const socketPath = path.join(dir, 'a', 'b', 'drover.sock');
    await prepareSocket(socketPath);
    expect(statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700);
    await listen(socketPath);
    restrictSocket(socketPath);
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
  });

  it('refuses a folder other users can write to', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'drover-guard-'));
    const shared = path.join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    await expect(prepareSocket(path.join(shared, 'drover.sock'))).rejects.toThrow(/other users can write to it \(mode 0777\)/);
  });

  it('refuses a folder that belongs to another user', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'drover-guard-'));
    const theirs = path.join(dir, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    if (process.getuid!() !== 0) return expect(process.getuid!()).not.toBe(0); // only root can give a folder away
    chownSync(theirs, 4242, 4242);
    await expect(prepareSocket(path.join(theirs, 'drover.sock'))).rejects.toThrow(/belongs to uid 4242/);
  });

  it('refuses a path a live server answers on, and leaves it alone', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'drover-guard-'));
    const socketPath = path.join(dir, 'drover.sock');
    await listen(socketPath);
    expect(await probeSocket(socketPath)).toBe('live');
    await expect(prepareSocket(socketPath)).rejects.toThrow(/another program is already running on/);
    expect(statSync(socketPath).isSocket()).toBe(true);
  });

  it('replaces a stale socket left by a killed supervisor', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'drover-guard-'));
    chmodSync(dir, 0o700);
    const socketPath = path.join(dir, 'drover.sock');
    await staleSocket(socketPath);
    expect(statSync(socketPath).isSocket()).toBe(true);
    expect(await probeSocket(socketPath)).toBe('stale');
    await prepareSocket(socketPath);
    await listen(socketPath);
    expect(await probeSocket(socketPath)).toBe('live');
  });

  it('refuses a socket path longer than a Unix socket address can hold', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'drover-guard-'));
    const deep = path.join(dir, 'x'.repeat(60), 'y'.repeat(60), 'drover.sock');
    await expect(prepareSocket(deep)).rejects.toThrow(/over Linux's 107-byte limit for Unix sockets; set supervisor.socket/);
  });

  it('never replaces a file that is not a socket', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'drover-guard-'));
    chmodSync(dir, 0o700);
    const socketPath = path.join(dir, 'drover.sock');
    writeFileSync(socketPath, 'precious');
    await expect(prepareSocket(socketPath)).rejects.toThrow(/exists and is not a socket/);
    expect(statSync(socketPath).size).toBe(8);
  });
});
