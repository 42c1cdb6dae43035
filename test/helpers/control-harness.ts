import { ApiError } from '../../src/api/api-error.js';
import { request } from 'node:http';
import path from 'node:path';
import type { Config, LoadResult, ProgramConfig } from '../../src/config/types.js';
import type { ActionResult, SupervisorApi } from '../../src/api/supervisor-api.js';
import { LocalApi } from '../../src/server/local-api.js';
import { ControlServer } from '../../src/server/server.js';
import { SocketApi } from '../../src/client/socket-client.js';
import { prepareSocket, restrictSocket } from '../../src/server/socket-guard.js';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness } from './engine-harness.js';

/**
 * Both SupervisorApi implementations over one harness, for describe.each: what
 * ctl and attach see over the socket must be what the embedded view sees in-process.
 */
export const API_IMPLEMENTATIONS: [string, (harness: ControlHarness) => SupervisorApi][] = [
  ['in-process (LocalApi)', (harness) => harness.api],
  ['over the socket (SocketApi)', (harness) => new SocketApi(harness.socket)],
];

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed, null when it is not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read untyped: its shape is what the tests assert
  json: any;
}

/** A raw HTTP request over a Unix socket, as curl would send it. */
export function httpRequest(socketPath: string, method: string, urlPath: string, body?: string | Buffer): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path: urlPath, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON; the test looks at text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A real supervisor with its control server on a socket in a temp folder.
 * `nextConfig` is what reread/update load (a test sets it, like editing the file).
 */
export class ControlHarness extends EngineHarness {
  readonly socket = path.join(this.dir, 'run', 'drover.sock');
  nextConfig: LoadResult | null = null;
  shutdownCalls = 0;
  api!: LocalApi;
  server!: ControlServer;
  supervisor!: Supervisor;

  async serve(programs: ProgramConfig[], groups: Record<string, string[]> = {}): Promise<Supervisor> {
    this.supervisor = await this.start(programs, groups);
    this.api = new LocalApi(this.supervisor, {
      configFile: path.join(this.dir, 'programs.yaml'),
      socket: this.socket,
      version: 'test',
      loadConfig: () => Promise.resolve(this.nextConfig ?? { ok: true, config: this.supervisor.currentConfig, warnings: [] }),
      shutdown: async (): Promise<ActionResult[]> => {
        this.shutdownCalls++;
        return this.supervisor.shutdown();
      },
      reexec: () => Promise.reject(new ApiError('CANNOT_REEXEC', 'an in-process supervisor cannot re-execute itself')),
    });
    this.server = new ControlServer(this.api);
    await prepareSocket(this.socket);
    await this.server.listen(this.socket);
    restrictSocket(this.socket);
    return this.supervisor;
  }

  configWith(programs: ProgramConfig[]): Config {
    return this.config(programs);
  }

  http(method: string, urlPath: string, body?: unknown): Promise<HttpAnswer> {
    const text = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    return httpRequest(this.socket, method, urlPath, text);
  }

  pids(): Record<string, number | null> {
    return Object.fromEntries(this.supervisor.list().map((p) => [p.name, p.pid]));
  }

  override async cleanup(): Promise<void> {
    await this.server?.close();
    await super.cleanup();
  }
}
