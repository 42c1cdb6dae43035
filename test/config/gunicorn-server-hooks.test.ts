import { describe, expect, it } from 'vitest';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();

const HOOKS = lines(
  'import os',
  'workers = int(os.environ.get("WEB_CONCURRENCY", 4))',
  '',
  'def on_starting(server):',
  '    start_scheduler()',
  '',
  'def post_fork(server, worker):',
  '    pass',
  '',
  'def when_ready(server):',
  '    notify()',
);
const WORKER_HOOKS_ONLY = lines('def post_fork(server, worker):', '    pass', 'def worker_exit(server, worker):', '    pass', '# def on_starting(server): commented out');

const why = (file: string, hooks: string) =>
  `${file} defines gunicorn server hooks (${hooks}) that run once per gunicorn master; under type: prefork each drover worker is its own gunicorn master, ` +
  `so they run once per worker and again on every reload: move them to drover's own hooks (hooks: ${hooks.split(',')[0]}: COMMAND), which run once for the program, ` +
  'or run the once-only work as a separate program';

describe('gunicorn.conf.py server hooks under prefork', () => {
  const program = (command: string, extra: string[] = []) => lines('programs:', '  web:', '    type: prefork', '    bind: 127.0.0.1:8000', ...extra, `    command: ${command}`);

  it.each([
    ['gunicorn -w 1 -c conf/gunicorn.py app:app', 'conf/gunicorn.py'],
    ['gunicorn --config conf/gunicorn.py app:app', 'conf/gunicorn.py'],
    ['python3 -m gunicorn --config=conf/gunicorn.py app:app', 'conf/gunicorn.py'],
  ])('warns at the command, file:line:col, naming the hooks of %s', async (command, file) => {
    t.write('conf/gunicorn.py', HOOKS);
    expect(await t.load(program(command))).toMatchObject({
      ok: true,
      warnings: [{ line: 5, column: 14, path: 'programs.web.command', message: why(file, 'on_starting, when_ready') }],
    });
  });

  it("reads gunicorn's default ./gunicorn.conf.py in the program's directory when there is no -c", async () => {
    t.write('app/gunicorn.conf.py', lines('def on_reload(server):', '    pass', 'on_exit = lambda server: None'));
    expect(await t.load(program('gunicorn app:app', ['    directory: app']))).toMatchObject({
      ok: true,
      warnings: [{ line: 6, column: 14, path: 'programs.web.command', message: why('gunicorn.conf.py', 'on_reload, on_exit') }],
    });
  });

  it('points at the -c item of a command written as a list', async () => {
    t.write('gunicorn.conf.py', HOOKS);
    const yaml = lines(
      'programs:',
      '  web:',
      '    type: prefork',
      '    bind: :8000',
      '    command:',
      '      - gunicorn',
      '      - -c',
      '      - gunicorn.conf.py',
      '      - app:app',
    );
    expect(await t.load(yaml)).toMatchObject({
      ok: true,
      warnings: [{ line: 7, column: 9, path: 'programs.web.command[1]', message: why('gunicorn.conf.py', 'on_starting, when_ready') }],
    });
  });

  it('says nothing for worker hooks only, a plain program, or a config file that is missing', async () => {
    t.write('workers.py', WORKER_HOOKS_ONLY);
    t.write('gunicorn.conf.py', HOOKS);
    for (const yaml of [
      program('gunicorn -c workers.py app:app'),
      lines('programs:', '  web:', '    command: gunicorn -w 4 app:app'),
      lines('programs:', '  web:', '    command: gunicorn -c gunicorn.conf.py app:app'),
      program('gunicorn -c missing.py app:app'),
      program('uvicorn main:app --fd {fd}'),
    ]) {
      expect(await t.load(yaml), yaml).toMatchObject({ ok: true, warnings: [] });
    }
  });
});
