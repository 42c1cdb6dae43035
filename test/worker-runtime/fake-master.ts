import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../helpers/wait-for.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WORKER_MAIN = path.join(ROOT, 'dist/worker-runtime/worker-main.js');
export const appFixture = (name: string): string => path.join(ROOT, 'test/fixtures/apps', name);

/** What net._createServerHandle returns: a bound (not listening) socket. */
interface ServerHandle {
  fd: number;
  getsockname(out: Record<string, unknown>): number;
  close(cb?: () => void): void;
}
type CreateServerHandle = (address: string, port: number, addressType: number) => ServerHandle | number;

function createServerHandle(): CreateServerHandle {
  const create = (net as unknown as { _createServerHandle?: CreateServerHandle })._createServerHandle;
  if (typeof create !== 'function') {
    throw new Error(`net._createServerHandle is missing in Node ${process.version}: the prefork master cannot bind without accepting`);
  }
  return create;
}

export interface Bound {
  fd: number;
  /** TCP port, or undefined for a Unix-domain socket. */
  port?: number;
  socketPath?: string;
}

export interface RunningWorker {
  child: ChildProcess;
  /** Every notify-pipe line, parsed. */
  messages: Record<string, unknown>[];
  stdout: () => string;
  stderr: () => string;
  /** Resolves once the process has exited and its pipes are closed. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: () => boolean;
  notifyPipe: Readable;
  waitForMessage: (what: string, match: (m: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
}

/**
 * Plays the prefork master: binds sockets without accepting (as drover does)
 * and starts dist/worker-runtime/worker-main.js with them at fds 3, 4, … and the
 * notify pipe after them. `cleanup` kills every worker and closes every socket.
 */
export class FakeMaster {
  private readonly handles: ServerHandle[] = [];
  private readonly workers: RunningWorker[] = [];
  private readonly agents: Agent[] = [];
  private tmp: string | undefined;

  bindTcp(): Bound {
    const handle = createServerHandle()('127.0.0.1', 0, 4);
    if (typeof handle === 'number') throw new Error(`binding 127.0.0.1:0 failed (errno ${handle})`);
    this.handles.push(handle);
    const out: Record<string, unknown> = {};
    const err = handle.getsockname(out);
    if (err !== 0 || typeof out.port !== 'number') throw new Error(`getsockname failed (${err})`);
    return { fd: handle.fd, port: out.port };
  }

  bindUnix(): Bound {
    this.tmp ??= mkdtempSync(path.join(tmpdir(), 'drover-prefork-'));
    const socketPath = path.join(this.tmp, 'web.sock');
    const handle = createServerHandle()(socketPath, -1, -1);
    if (typeof handle === 'number') throw new Error(`binding ${socketPath} failed (errno ${handle})`);
    this.handles.push(handle);
    return { fd: handle.fd, socketPath };
  }

  agent(): Agent {
    const agent = new Agent({ keepAlive: true, maxSockets: 10 });
    this.agents.push(agent);
    return agent;
  }

  startWorker(app: string, sockets: Bound[], env: Record<string, string> = {}): RunningWorker {
    if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run \`npm run build\` first`);
    const notifyFd = 3 + sockets.length;
    const baseEnv = { ...process.env };
    delete baseEnv.NODE_OPTIONS;
    const child = spawn(process.execPath, [WORKER_MAIN, app], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe', ...sockets.map((s) => s.fd), 'pipe'],
      env: {
        ...baseEnv,
        LISTEN_FDS: String(sockets.length),
        LISTEN_FDNAMES: sockets.map((s, i) => (s.port ? `tcp_${s.port}` : `unix_${i}`)).join(':'),
        DROVER_NOTIFY_FD: String(notifyFd),
        DROVER_HEARTBEAT_MS: '50',
        DROVER_GRACEFUL_TIMEOUT_MS: '30000',
        DROVER_MAX_REQUESTS: '0',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const messages: Record<string, unknown>[] = [];
    const notifyPipe = child.stdio[notifyFd] as Readable;
    let partial = '';
    notifyPipe.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) messages.push(JSON.parse(line) as Record<string, unknown>);
    });
    notifyPipe.on('error', () => {});
    let exited = false;
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('close', (code, signal) => {
        exited = true;
        resolve({ code, signal });
      });
    });
    const worker: RunningWorker = {
      child,
      messages,
      stdout: () => stdout,
      stderr: () => stderr,
      closed,
      exited: () => exited,
      notifyPipe,
      waitForMessage: (what, match, timeoutMs) =>
        waitFor(`${what} (messages so far: ${JSON.stringify(messages)}; stderr: ${stderr.trim() || '-'})`, () => messages.find(match), timeoutMs),
    };
    this.workers.push(worker);
    return worker;
  }

  async cleanup(): Promise<void> {
    for (const agent of this.agents.splice(0)) agent.destroy();
    for (const worker of this.workers.splice(0)) {
      if (!worker.exited()) worker.child.kill('SIGKILL');
      await worker.closed;
    }
    for (const handle of this.handles.splice(0)) handle.close();
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
    this.tmp = undefined;
  }
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One GET; `agent: false` opens a fresh connection. */
export function get(target: Bound, urlPath: string, agent: Agent | false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const where = target.socketPath ? { socketPath: target.socketPath } : { host: '127.0.0.1', port: target.port };
    request({ ...where, path: urlPath, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

export const ready = (worker: RunningWorker): Promise<Record<string, unknown>> => worker.waitForMessage('the ready message', (m) => m.t === 'ready');

export const heartbeatAtLeast = (worker: RunningWorker, requests: number): Promise<Record<string, unknown>> =>
  worker.waitForMessage(`a heartbeat counting ${requests} requests`, (m) => m.t === 'hb' && (m.requests as number) >= requests);
