import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchConfig } from '../../src/config/types.js';
import type { ProcessStatus } from '../../src/api/supervisor-api.js';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { freePort } from '../helpers/free-port.js';
import { HELLO_APP, preforkConfig } from '../helpers/prefork.js';
import { waitFor } from '../helpers/wait-for.js';

/** `watch:` end to end: real files changed on disk, real processes restarted. */

let h: EngineHarness;
let src: string;
beforeEach(() => {
  h = new EngineHarness();
  src = path.join(h.dir, 'src');
  mkdirSync(src);
});
afterEach(async () => {
  await h.cleanup();
});

const DEBOUNCE = 200;
/** Long enough for a second, wrongful action to have shown up. */
const settle = () => new Promise((r) => setTimeout(r, DEBOUNCE * 5));
const watching = (overrides: Partial<WatchConfig> = {}): WatchConfig => ({ paths: [src], ignore: [], debounceMs: DEBOUNCE, action: 'restart', ...overrides });
const info = (s: Supervisor, name: string): ProcessStatus => s.list().find((p) => p.name === name)!;
const spawns = (name: string) => h.events.filter((e) => e.kind === 'state' && e.process.name === name && e.process.state === 'STARTING').length;
const runningPid = (s: Supervisor, name: string, not?: number | null) =>
  waitFor(`${name} RUNNING`, () => (info(s, name).state === 'RUNNING' && info(s, name).pid !== not ? info(s, name).pid : null));

describe('watch: restart on change', () => {
  it('a file written three times, then a checkout of 2,000 files: one restart each', async () => {
    const s = await h.start([makeProgram('app', fixture('forever.mjs'), { watch: watching() })]);
    const first = await runningPid(s, 'app:app');
    for (let i = 0; i < 3; i++) writeFileSync(path.join(src, 'main.js'), `// edit ${i}\n`);
    const second = await runningPid(s, 'app:app', first);
    await settle();
    expect(info(s, 'app:app')).toMatchObject({ pid: second, restarts: 1 });

    for (let d = 0; d < 20; d++) {
      mkdirSync(path.join(src, `pkg${d}`));
      for (let f = 0; f < 100; f++) writeFileSync(path.join(src, `pkg${d}`, `file${f}.js`), 'x');
    }
    await runningPid(s, 'app:app', second);
    await settle();
    expect(info(s, 'app:app').restarts).toBe(2);
    const notes = h.events.flatMap((e) => (e.kind === 'supervisor' ? [e.message] : []));
    expect(notes).toContain('app: src/main.js changed: restarting');
    expect(notes.some((m) => /^app: 2000 files changed \(src\/pkg\d+\/file\d+\.js, .*, …\): restarting$/.test(m))).toBe(true);
  });

  it("ignores node_modules, .git, log files, the user's ignore globs and the supervisor's own files", async () => {
    const s = await h.start([makeProgram('app', fixture('forever.mjs'), { watch: watching({ paths: [h.dir], ignore: [path.join(h.dir, '**', '*.tmp')] }) })]);
    const first = await runningPid(s, 'app:app');
    for (const dir of ['node_modules/lib', '.git/objects', 'logs']) mkdirSync(path.join(h.dir, dir), { recursive: true });
    writeFileSync(path.join(h.dir, 'node_modules/lib/index.js'), 'x');
    writeFileSync(path.join(h.dir, '.git/objects/ab'), 'x');
    writeFileSync(path.join(src, 'debug.log'), 'x');
    writeFileSync(path.join(src, 'scratch.tmp'), 'x');
    writeFileSync(path.join(h.dir, 'logs', 'app.out'), 'x');
    await settle();
    expect(info(s, 'app:app')).toMatchObject({ pid: first, restarts: 0 });
    writeFileSync(path.join(src, 'main.js'), 'x');
    await runningPid(s, 'app:app', first);
    expect(info(s, 'app:app').restarts).toBe(1);
  });

  it('new code that crashes follows the normal backoff to FATAL and stays there; fixed code brings it back', async () => {
    const mode = path.join(src, 'mode.txt');
    const s = await h.start([makeProgram('app', fixture('crash-if-bad.mjs', mode), { startsecsMs: 2000, startretries: 2, watch: watching() })]);
    await runningPid(s, 'app:app');
    writeFileSync(mode, 'bad');
    await waitFor('FATAL', () => info(s, 'app:app').state === 'FATAL');
    await settle();
    // The first start, the restart for the change, then startretries (2) more: the watcher adds no loop.
    expect(spawns('app:app')).toBe(4);
    expect(info(s, 'app:app').state).toBe('FATAL');
    writeFileSync(mode, 'good');
    await runningPid(s, 'app:app');
    expect(spawns('app:app')).toBe(5);
  });

  it('a program someone stopped stays stopped when its files change', async () => {
    const s = await h.start([makeProgram('app', fixture('forever.mjs'), { watch: watching() })]);
    await runningPid(s, 'app:app');
    await s.stopProcesses(['app']);
    writeFileSync(path.join(src, 'main.js'), 'x');
    await waitFor('the note', () => h.events.some((e) => e.kind === 'supervisor' && e.message === 'app: src/main.js changed; it is stopped, so it stays stopped'));
    expect(info(s, 'app:app').state).toBe('STOPPED');
  });

  it('a prefork program reloads worker by worker; an update that drops watch: stops the watching', async () => {
    const port = await freePort();
    const web = makeProgram('web', [], {
      numprocs: 2,
      processName: '%(program_name)s_%(process_num)02d',
      autorestart: true,
      prefork: preforkConfig(port, { app: HELLO_APP }),
      watch: watching({ action: 'reload' }),
    });
    const s = await h.start([web]);
    await waitFor('2 workers RUNNING', () => s.list().filter((p) => p.state === 'RUNNING').length === 2);
    const olds = s.list().map((p) => p.pid);
    writeFileSync(path.join(src, 'main.js'), 'x');
    await waitFor('both replaced', () => s.list().length === 2 && s.list().every((p) => p.state === 'RUNNING' && !olds.includes(p.pid)));
    // Rolling: a new worker was RUNNING before the first old one stopped.
    const moments = h.events.flatMap((e) => (e.kind === 'state' && ['RUNNING', 'STOPPING'].includes(e.process.state) ? [`${e.process.name} ${e.process.state}`] : []));
    expect(moments.indexOf('web:web_02 RUNNING')).toBeLessThan(moments.indexOf('web:web_00 STOPPING'));

    await s.update(h.config([{ ...web, watch: null }]));
    const names = s
      .list()
      .map((p) => p.name)
      .join();
    writeFileSync(path.join(src, 'main.js'), 'y');
    await settle();
    expect(
      s
        .list()
        .map((p) => p.name)
        .join(),
    ).toBe(names);
  });
});
