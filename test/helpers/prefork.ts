import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { PreforkConfig, ProgramConfig } from '../../src/config/types.js';
import { fixture, makeProgram } from './engine-harness.js';

/** The test app of the built-in runtime: answers `hello from <pid>`. */
export const HELLO_APP = fileURLToPath(new URL('../fixtures/apps/hello.mjs', import.meta.url));

/** A prefork section binding 127.0.0.1:port, with test-sized timeouts; a command worker by default. */
export function preforkConfig(port: number, overrides: Partial<PreforkConfig> = {}): PreforkConfig {
  return {
    bind: [{ kind: 'tcp', host: '127.0.0.1', port, family: 4, text: `127.0.0.1:${port}` }],
    app: null,
    workersAuto: false,
    timeoutMs: 10_000,
    gracefulTimeoutMs: 5_000,
    maxRequests: 0,
    maxRequestsJitter: 0,
    readyWhenLog: null,
    hooks: {},
    uvicornDrain: true,
    ...overrides,
  };
}

/** One GET on a new connection (no keep-alive), so the kernel picks the worker each time; resolves with the body. */
export function getOnNewConnection(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

/** A prefork program `web` whose workers are fd-server.mjs, RUNNING once each prints its ready line. */
export function fdServerProgram(port: number, workers: number, overrides: Partial<ProgramConfig> = {}, prefork: Partial<PreforkConfig> = {}): ProgramConfig {
  return makeProgram('web', fixture('fd-server.mjs', '{fd}'), {
    numprocs: workers,
    processName: '%(program_name)s_%(process_num)02d',
    autorestart: true,
    startsecsMs: 0,
    prefork: preforkConfig(port, { readyWhenLog: 'worker ready', ...prefork }),
    ...overrides,
  });
}
