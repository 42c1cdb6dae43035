import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parse } from 'yaml';
import type { DaemonHarness } from '../helpers/daemon-harness.js';
import { describePreforkStack, STACK_WORKERS } from '../helpers/prefork-stack-checks.js';

/**
 * The same stacks as gunicorn-prefork and uvicorn-prefork, but the way a
 * supervisord user moves in: their supervisord.conf (gunicorn binding its own
 * port with -w 3) through `drover import --prefork` and `drover check`, then
 * the same checks on what came out.
 */

const STACKS = fileURLToPath(new URL('../fixtures/stacks/', import.meta.url));
/** The address the fixture confs are written with; the test's free port takes its place. */
const WRITTEN_BIND = '127.0.0.1:8000';

/**
 * Copies the app and its supervisord.conf side by side into the test's folder
 * (the conf says `directory=%(here)s`, as in a project checkout), imports the
 * conf as a user would, and keeps the result as programs.yaml.
 */
async function importStack(h: DaemonHarness, port: number, app: string, program: string): Promise<string> {
  copyFileSync(path.join(STACKS, app), path.join(h.dir, path.basename(app)));
  const conf = readFileSync(path.join(STACKS, path.dirname(app), 'supervisord.conf'), 'utf8');
  if (!conf.includes(WRITTEN_BIND)) throw new Error(`the ${app} supervisord.conf no longer binds ${WRITTEN_BIND}`);
  writeFileSync(path.join(h.dir, 'supervisord.conf'), conf.replaceAll(WRITTEN_BIND, `127.0.0.1:${port}`));

  const imported = await h.runToEnd(['import', '--prefork', 'supervisord.conf']);
  expect(imported.code, imported.stderr).toBe(0);
  h.writeConfig(`${imported.stdout}\n`);
  const programs = (parse(imported.stdout) as { programs: Record<string, { type?: string; workers?: unknown }> }).programs;
  expect(programs[program], imported.stdout).toMatchObject({ type: 'prefork', workers: STACK_WORKERS });
  const check = await h.runToEnd(['check']);
  expect(check.code, `drover check on the imported programs.yaml:\n${check.stdout}\n${check.stderr}\n${imported.stdout}`).toBe(0);
  return program;
}

describePreforkStack({
  title: 'gunicorn (sync workers) imported from supervisord.conf',
  servers: [['gunicorn', ['--version']]],
  configure: (h, port) => importStack(h, port, 'wsgi/app.py', 'web'),
  keepAlive: false,
});

describePreforkStack({
  title: 'FastAPI on gunicorn -k uvicorn.workers.UvicornWorker imported from supervisord.conf',
  servers: [
    ['gunicorn', ['--version']],
    ['/usr/bin/python3', ['-c', 'import fastapi, uvicorn.workers']],
  ],
  configure: (h, port) => importStack(h, port, 'asgi/main.py', 'api'),
  // Keep-alive clients, as FastAPI's get: each worker ends in uvicorn's server, run through drover's keep-alive drain.
  keepAlive: true,
});
