import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

let h: DaemonHarness;
let server: Server | null = null;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** What only a feature the config asks for needs: each would cost an idle supervisor memory for nothing. */
const LOADED_ON_DEMAND = [
  /\/dist\/health\/http-check\.js$/,
  /\/dist\/engine\/prefork\/bind-address\.js$/,
  /^node:https$/,
  /^node:dns\/promises$/,
  // file watching (`watch:`, watch_config): chokidar and its directory scanner
  /\/dist\/watch\/file-watcher\.js$/,
  /\/node_modules\/chokidar\//,
  /\/node_modules\/readdirp\//,
];

/**
 * Every module the supervisor loaded: through the ES module loader (NODE_DEBUG=esm) and through require
 * (NODE_DEBUG=module), both on its stderr, the supervisor log. Its bundle (dist/cli/supervisor-bundle.cjs)
 * holds drover's own modules, so what it loads lazily shows as the built-in modules and packages they require.
 */
function modulesLoadedBy(pid: number): string[] {
  const log = readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8');
  const loaded = [
    ...log.matchAll(new RegExp(`^ESM ${pid}: (?:Storing|Loading CJSModule) (\\S+)`, 'gm')),
    ...log.matchAll(new RegExp(`^MODULE ${pid}: (?:load built-in module (\\S+)|load "(\\S+)" for module)`, 'gm')),
  ];
  return [...new Set(loaded.map((m) => m.slice(1).find((group) => group !== undefined)!))];
}

async function startWith(config: string): Promise<number> {
  h.writeConfig(config);
  const started = await h.startDaemon([], { NODE_DEBUG: 'esm,module' });
  expect(started.code, started.stderr.slice(-2000)).toBe(0);
  return started.pid!;
}

describe('an idle supervisor loads only what its config uses', () => {
  it('never loads the http probe (TLS, crypto), the prefork binder (the resolver) or the file watcher for programs without them', async () => {
    const pid = await startWith('programs:\n  worker:\n    command: sleep 1000\n    startsecs: 0\n');
    await waitFor('worker RUNNING', async () => (await h.rememberPrograms())['worker:worker'] != null);

    const loaded = modulesLoadedBy(pid);
    expect(loaded).toContain('node:http'); // the list is the supervisor's modules: its control server's
    // The memory flags its launcher gives it (daemon.ts).
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(['--max-semi-space-size=1', '--optimize-for-size']));
    expect(loaded.filter((url) => LOADED_ON_DEMAND.some((pattern) => pattern.test(url)))).toEqual([]);
  });

  it('loads the http probe when a program has one, and the probe passes', async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const pid = await startWith(`programs:\n  api:\n    command: sleep 1000\n    startsecs: 0\n    readiness: { http: "http://127.0.0.1:${port}/health", start_timeout: 30s }\n`);
    await h.rememberPrograms();
    await waitFor('api RUNNING after its readiness probe', async () => {
      const answer = await httpRequest(h.socket, 'GET', '/v1/processes');
      return (answer.json as Array<{ name: string; state: string }>).some((p) => p.name === 'api:api' && p.state === 'RUNNING');
    });

    // The probe's module (from the bundle, the TLS client its init requires along with it).
    expect(modulesLoadedBy(pid).filter((url) => url.endsWith('/dist/health/http-check.js') || url === 'node:https')).toHaveLength(1);
  });

  it('loads the file watcher when the config watches files, and both watches act', async () => {
    writeFileSync(path.join(h.dir, 'code.txt'), 'one\n');
    const programs = '  worker:\n    command: sleep 1000\n    startsecs: 0\n    watch: { paths: [code.txt], debounce: 100ms }\n';
    const pid = await startWith(`supervisor:\n  watch_config: true\nprograms:\n${programs}`);
    const log = () => readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8');
    await waitFor('the config watched', () => /watching .*programs\.yaml for changes \(watch_config\)/.test(log()));
    const first = (await h.rememberPrograms())['worker:worker'];
    expect(first).not.toBeNull();

    writeFileSync(path.join(h.dir, 'code.txt'), 'two\n');
    await waitFor('worker restarted by its watch', async () => {
      const now = (await h.rememberPrograms())['worker:worker'];
      return now != null && now !== first;
    });
    h.writeConfig(`supervisor:\n  watch_config: true\nprograms:\n${programs}  added:\n    command: sleep 1001\n    startsecs: 0\n`);
    await waitFor('the edited config applied', async () => (await h.rememberPrograms())['added:added'] != null);

    const loaded = modulesLoadedBy(pid);
    expect(loaded.some((url) => url.includes('/node_modules/chokidar/'))).toBe(true);
  });
});
