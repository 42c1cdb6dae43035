import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseDocument } from 'yaml';
import type { DaemonHarness } from './daemon-harness.js';
import { freePort } from './free-port.js';
import { readRecordLines } from './signal-record.js';
import { requireServer } from './stack-servers.js';
import { isAlive, waitFor } from './wait-for.js';

/**
 * A gunicorn project as people have one (app.py, gunicorn.conf.py with hooks
 * and WEB_CONCURRENCY, and either a hand-written programs.yaml or the
 * supervisord.conf it ran under before), copied into the harness's folder and
 * run by a real drover daemon as one plain program, `web`.
 */

const CONF_DIR = fileURLToPath(new URL('../fixtures/stacks/gunicorn-conf/', import.meta.url));
const APP = fileURLToPath(new URL('../fixtures/stacks/wsgi/app.py', import.meta.url));

/** WEB_CONCURRENCY in both fixture configs. */
export const WORKERS = 3;

/** How the programs.yaml came to be: written by hand, or `drover import supervisord.conf`. */
export type ConfigForm = 'programs.yaml' | 'imported supervisord.conf';

export interface GunicornStack {
  h: DaemonHarness;
  port: number;
  /** The control socket the config names (the import keeps supervisord's). */
  socket: string;
  /** Runs `drover ctl ARGS` beside programs.yaml; fails the test unless it exits 0. */
  ctl(...args: string[]): Promise<string>;
  /** The web program's state and pid, from `ctl status --json`. */
  status(): Promise<{ state: string; pid: number | null; restarts: number }>;
}

/** The hook lines gunicorn.conf.py appended to hooks.log: which hook, in which pid. */
export function readHooks(stack: GunicornStack): { hook: string; pid: number }[] {
  return readRecordLines(path.join(stack.h.dir, 'hooks.log')).map(([hook, pid]) => ({ hook: hook!, pid: Number(pid) }));
}

export function countHook(stack: GunicornStack, hook: string): number {
  return readHooks(stack).filter((h) => h.hook === hook).length;
}

/** The live (not zombie) children of `ppid`, from /proc/PID/stat. */
export function childrenOf(ppid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue; // exited while we looked
    }
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(parent) === ppid && state !== 'Z') children.push(Number(entry));
  }
  return children.sort((a, b) => a - b);
}

/** One GET on a new connection: status and body, or the connection error's code. */
export function getOnce(port: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer within 10 s'), { code: 'timeout' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

/**
 * Copies the project and writes programs.yaml the way `form` says; returns the
 * control socket's path. The hand-written programs.yaml has `reload_signal: HUP`;
 * an import gets it only with `reloadSignal`, as the docs tell a gunicorn user
 * to add it (supervisord had no reload to import).
 */
async function writeProject(h: DaemonHarness, form: ConfigForm, reloadSignal: boolean): Promise<string> {
  copyFileSync(APP, path.join(h.dir, 'app.py'));
  copyFileSync(path.join(CONF_DIR, 'gunicorn.conf.py'), path.join(h.dir, 'gunicorn.conf.py'));
  if (form === 'programs.yaml') {
    copyFileSync(path.join(CONF_DIR, 'programs.yaml'), path.join(h.dir, 'programs.yaml'));
    return h.socket;
  }
  copyFileSync(path.join(CONF_DIR, 'supervisord.conf'), path.join(h.dir, 'supervisord.conf'));
  const imported = await h.runToEnd(['import', 'supervisord.conf']);
  expect(imported.code, `drover import supervisord.conf:\n${imported.stderr}`).toBe(0);
  const doc = parseDocument(imported.stdout + '\n');
  if (reloadSignal) doc.setIn(['programs', 'web', 'reload_signal'], 'HUP');
  h.writeConfig(doc.toString());
  const socket = doc.getIn(['supervisor', 'socket']);
  expect(socket, 'the import keeps [unix_http_server] file as supervisor.socket').toEqual(path.join(h.dir, 'supervisor.sock'));
  return String(socket);
}

/**
 * Writes the project, checks the config as a user would, starts the daemon
 * with PORT set (the configs read it), and waits until gunicorn's master has
 * its WORKERS workers and answers.
 */
export async function startGunicornStack(h: DaemonHarness, form: ConfigForm, options: { reloadSignal?: boolean } = {}): Promise<GunicornStack> {
  requireServer('gunicorn');
  const port = await freePort();
  const socket = await writeProject(h, form, options.reloadSignal ?? false);
  const env = { PORT: String(port) };
  const check = await h.runToEnd(['check', '-c', 'programs.yaml'], env);
  expect(check.code, `drover check:\n${check.stdout}\n${check.stderr}\n${readFileSync(path.join(h.dir, 'programs.yaml'), 'utf8')}`).toBe(0);
  const started = await h.startDaemon([], env);
  expect(started.code, started.stderr).toBe(0);

  const stack: GunicornStack = {
    h,
    port,
    socket,
    async ctl(...args) {
      const run = await h.runToEnd(['ctl', ...args]);
      expect(run.code, `drover ctl ${args.join(' ')}: ${run.stdout}\n${run.stderr}`).toBe(0);
      return run.stdout;
    },
    async status() {
      // Exit 3 is status's answer for "something is stopped", not a failure.
      const run = await h.runToEnd(['ctl', 'status', '--json']);
      expect([0, 3], `drover ctl status --json: ${run.stderr}`).toContain(run.code);
      const list = JSON.parse(run.stdout) as { program: string; state: string; pid: number | null; restarts: number }[];
      const web = list.find((p) => p.program === 'web');
      if (!web) throw new Error(`no program web in ctl status: ${JSON.stringify(list)}`);
      return { state: web.state, pid: web.pid, restarts: web.restarts };
    },
  };
  await waitServing(stack);
  return stack;
}

/** Waits until web is RUNNING, its master has exactly WORKERS workers, and it answers 200; returns the master's pid. */
export async function waitServing(stack: GunicornStack): Promise<number> {
  const master = await waitFor(
    `web RUNNING with ${WORKERS} gunicorn workers`,
    async () => {
      const { state, pid } = await stack.status();
      await stack.h.rememberPrograms(stack.socket);
      return state === 'RUNNING' && pid !== null && isAlive(pid) && childrenOf(pid).length === WORKERS ? pid : null;
    },
    60_000,
    200,
  );
  await waitFor(
    `HTTP 200 on port ${stack.port}`,
    async () => {
      const answer = await getOnce(stack.port);
      return 'status' in answer && answer.status === 200;
    },
    30_000,
    100,
  );
  return master;
}

/** The web program's log so far, stdout and stderr (gunicorn logs on stderr; the import redirects it). */
export async function readWebLog(stack: GunicornStack): Promise<string> {
  const out = await stack.ctl('tail', '-n', '500', 'web');
  const err = await stack.ctl('tail', '-n', '500', '--stderr', 'web');
  return `${out}\n${err}`;
}
