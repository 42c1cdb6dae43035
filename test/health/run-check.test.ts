import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/health/run-check.js';
import { freePort } from '../helpers/free-port.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

const servers: { close(): void }[] = [];
const sockets = new Set<Socket>();
const pids: number[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const server of servers.splice(0)) server.close();
  // A failed test may leave a probe command behind: kill it and its group.
  for (const pid of pids.splice(0)) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real HTTP server on 127.0.0.1; every socket is tracked so afterEach can close it. */
async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createHttpServer(handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/health` };
}

/** The pid a probe command wrote, or null if it was killed before writing it. */
function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drover-health-'));
  dirs.push(dir);
  return dir;
}

describe('runCheck http', () => {
  it('fails on 503, passes on 200 and on a redirect', async () => {
    const answers = [503, 200, 302];
    const { url } = await httpServer((_req, res) => {
      res.writeHead(answers.shift() ?? 500, { location: '/elsewhere' });
      res.end('body that nobody reads');
    });
    expect(await runCheck({ kind: 'http', url }, { timeoutMs: 5000 })).toEqual({ ok: false, error: 'HTTP 503' });
    expect(await runCheck({ kind: 'http', url }, { timeoutMs: 5000 })).toEqual({ ok: true });
    expect(await runCheck({ kind: 'http', url }, { timeoutMs: 5000 })).toEqual({ ok: true });
  });

  it('times out on a server that never answers, and drops the connection', async () => {
    let closedByClient = false;
    const { url } = await httpServer((req) => {
      req.socket.on('close', () => (closedByClient = true));
    });
    const result = await runCheck({ kind: 'http', url }, { timeoutMs: 300 });
    expect(result).toEqual({ ok: false, error: 'timed out after 300ms' });
    await waitFor('the probe to close its connection', () => closedByClient);
  });

  it('reports a refused connection', async () => {
    const port = await freePort();
    const result = await runCheck({ kind: 'http', url: `http://127.0.0.1:${port}/` }, { timeoutMs: 5000 });
    expect(result).toEqual({ ok: false, error: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('fails on a URL it cannot use', async () => {
    expect(await runCheck({ kind: 'http', url: 'not a url' }, { timeoutMs: 1000 })).toEqual({ ok: false, error: 'invalid URL' });
    expect(await runCheck({ kind: 'http', url: 'ftp://127.0.0.1/' }, { timeoutMs: 1000 })).toEqual({
      ok: false,
      error: 'unsupported protocol ftp:',
    });
  });

  it('passes on the status alone and cuts off an endless body', async () => {
    let closedByClient = false;
    const { url } = await httpServer((req, res) => {
      req.socket.on('close', () => (closedByClient = true));
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    expect(await runCheck({ kind: 'http', url }, { timeoutMs: 5000 })).toEqual({ ok: true });
    await waitFor('the probe to stop reading the body', () => closedByClient);
  });
});

describe('runCheck tcp', () => {
  it('fails while nothing listens, passes once a server does', async () => {
    const port = await freePort();
    expect(await runCheck({ kind: 'tcp', host: '127.0.0.1', port }, { timeoutMs: 5000 })).toEqual({
      ok: false,
      error: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
    const server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect(await runCheck({ kind: 'tcp', host: '127.0.0.1', port }, { timeoutMs: 5000 })).toEqual({ ok: true });
  });
});

describe('runCheck exec', () => {
  it('passes on exit 0 and fails with the exit status', async () => {
    expect(await runCheck({ kind: 'exec', argv: ['true'] }, { timeoutMs: 5000 })).toEqual({ ok: true });
    expect(await runCheck({ kind: 'exec', argv: ['false'] }, { timeoutMs: 5000 })).toEqual({ ok: false, error: 'exit status 1' });
  });

  it('fails with the spawn error of a missing command', async () => {
    const result = await runCheck({ kind: 'exec', argv: ['drover-no-such-command'] }, { timeoutMs: 5000 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('ENOENT');
  });

  it('fails on an empty argv', async () => {
    expect(await runCheck({ kind: 'exec', argv: [] }, { timeoutMs: 1000 })).toEqual({ ok: false, error: 'empty command' });
  });

  it('includes the last line of stderr', async () => {
    const script = 'echo first >&2; echo "database is down" >&2; exit 3';
    const result = await runCheck({ kind: 'exec', argv: ['sh', '-c', script] }, { timeoutMs: 5000 });
    expect(result).toEqual({ ok: false, error: 'exit status 3 (database is down)' });
  });

  it('reports a signal', async () => {
    const result = await runCheck({ kind: 'exec', argv: ['sh', '-c', 'kill -TERM $$'] }, { timeoutMs: 5000 });
    expect(result).toEqual({ ok: false, error: 'killed by SIGTERM' });
  });

  it('runs in cwd with env', async () => {
    const dir = tempDir();
    const argv = ['sh', '-c', 'test "$PWD" = "$WANT" && test "$PROBE_VAR" = yes'];
    const env = { PATH: process.env.PATH, WANT: dir, PROBE_VAR: 'yes' };
    expect(await runCheck({ kind: 'exec', argv }, { timeoutMs: 5000, cwd: dir, env })).toEqual({ ok: true });
  });

  it('kills a command that runs past the timeout, leaving no process', async () => {
    const pidFile = join(tempDir(), 'pid');
    const argv = ['sh', '-c', `echo $$ >'${pidFile}'; exec sleep 100`];
    const started = Date.now();
    const result = await runCheck({ kind: 'exec', argv }, { timeoutMs: 300 });
    expect(result).toEqual({ ok: false, error: 'timed out after 300ms' });
    expect(Date.now() - started).toBeLessThan(10_000);
    // On a very slow machine sh may be killed before it writes its pid: then there is nothing left to look for.
    const pid = readPid(pidFile);
    if (pid !== null) {
      pids.push(pid);
      await waitFor('the timed-out command to be gone', () => !isAlive(pid));
    }
  });

  it('kills what the command left running in its group', async () => {
    const pidFile = join(tempDir(), 'pid');
    // The background sleep keeps no pipe open (stdout/stderr redirected), so only the group kill ends it.
    const argv = ['sh', '-c', `sleep 100 >/dev/null 2>&1 & echo $! >'${pidFile}'; exit 0`];
    expect(await runCheck({ kind: 'exec', argv }, { timeoutMs: 5000 })).toEqual({ ok: true });
    const pid = await waitFor('the pid of the background sleep', () => readPid(pidFile));
    pids.push(pid);
    await waitFor('the left-behind sleep to be gone', () => !isAlive(pid));
  });

  it('stops at once when aborted', async () => {
    const pidFile = join(tempDir(), 'pid');
    const controller = new AbortController();
    const pending = runCheck({ kind: 'exec', argv: ['sh', '-c', `echo $$ >'${pidFile}'; exec sleep 100`] }, { timeoutMs: 60_000, signal: controller.signal });
    const pid = await waitFor('the command to write its pid', () => readPid(pidFile));
    pids.push(pid);
    controller.abort();
    expect(await pending).toEqual({ ok: false, error: 'stopped' });
    await waitFor('the aborted command to be gone', () => !isAlive(pid));
  });
});
