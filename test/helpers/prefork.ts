import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { PreforkConfig } from '../../src/config/types.js';

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
