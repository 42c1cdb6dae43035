import { describe, expect, it } from 'vitest';
import { gunicornPreforkFields, readGunicornCommand } from '../../src/import/gunicorn-command.js';
import { lines, useImportDir } from './import-fixture.js';

const t = useImportDir();
const DEFAULTS = { bind: '127.0.0.1:8000', workers: '1' };

describe('readGunicornCommand', () => {
  it.each([
    ['gunicorn -w 4 -b 0.0.0.0:8000 app:app', ['0.0.0.0:8000'], '4', ['gunicorn', '-w', '1', 'app:app']],
    ['gunicorn --workers=3 --bind=unix:/run/app.sock app:app', ['unix:/run/app.sock'], '3', ['gunicorn', '-w', '1', 'app:app']],
    ['gunicorn --workers 2 --bind 127.0.0.1:9000 --bind [::1]:9000 app:app', ['127.0.0.1:9000', '[::1]:9000'], '2', ['gunicorn', '-w', '1', 'app:app']],
    [
      '/srv/venv/bin/gunicorn -w4 -b:8000 -k uvicorn.workers.UvicornWorker main:app',
      [':8000'],
      '4',
      ['/srv/venv/bin/gunicorn', '-w', '1', '-k', 'uvicorn.workers.UvicornWorker', 'main:app'],
    ],
    ['python3 -m gunicorn app:app', [], undefined, ['python3', '-m', 'gunicorn', '-w', '1', 'app:app']],
    ['poetry run gunicorn -w 2 app:app -- --extra', [], '2', ['poetry', 'run', 'gunicorn', '-w', '1', 'app:app', '--', '--extra']],
  ])('%s', (command, binds, workers, workerCommand) => {
    expect(readGunicornCommand(command.split(' '))).toEqual({ binds, workers, workerCommand });
  });

  it.each([['uvicorn main:app'], ['sh -c gunicorn'], ['echo gunicorn'], ['node server.js']])('%s is not gunicorn', (command) => {
    expect(readGunicornCommand(command.split(' '))).toBeNull();
  });
});

describe('gunicornPreforkFields', () => {
  const fields = (command: string, defaults = DEFAULTS) => gunicornPreforkFields(readGunicornCommand(command.split(' '))!, defaults);

  it('gives drover binds and a worker count, with gunicorn defaults', () => {
    expect(fields('gunicorn -w 4 -b 0.0.0.0:8000 -b unix:/run/a.sock app:app')).toEqual({ ok: true, value: { bind: ['0.0.0.0:8000', 'unix:/run/a.sock'], workers: 4 } });
    expect(fields('gunicorn -b localhost app:app')).toEqual({ ok: true, value: { bind: ['localhost:8000'], workers: 1 } });
    expect(fields('gunicorn app:app')).toEqual({ ok: true, value: { bind: ['127.0.0.1:8000'], workers: 1 } });
    expect(fields('gunicorn -w ${N} -b ${HOST}:80 app:app')).toEqual({ ok: true, value: { bind: ['${HOST}:80'], workers: '${N}' } });
  });

  it('refuses what drover cannot bind or count', () => {
    expect(fields('gunicorn -b fd://3 app:app')).toEqual({ ok: false, message: 'it already serves an inherited socket (fd://3)' });
    expect(fields('gunicorn -b 0.0.0.0:$PORT app:app')).toMatchObject({ ok: false, message: expect.stringMatching(/^its bind "0.0.0.0:\$PORT" is not one drover can bind/) });
    expect(fields('gunicorn -w many app:app')).toEqual({ ok: false, message: 'its worker count "many" is not a whole number ≥ 1' });
  });
});

describe('--prefork on a supervisord config', () => {
  const conf = lines(
    '[program:web]',
    'command=/srv/venv/bin/gunicorn -w 4 -b 0.0.0.0:8000 app:app',
    'directory=/srv/app',
    'stopwaitsecs=20',
    '[fcgi-program:php]',
    'command=/usr/bin/php-cgi -c %(here)s/php.ini',
    'socket=unix:///run/%(program_name)s.sock',
    'socket_mode=0660',
    'socket_owner=www-data',
    'process_name=%(program_name)s',
    'numprocs=3',
    '[fcgi-program:tcp]',
    'command=/usr/bin/fcgi-app',
    'socket=tcp://127.0.0.1:9000',
    '[program:worker]',
    'command=celery -A proj worker',
  );

  it('turns gunicorn and fcgi programs into prefork programs, leaving the rest alone', async () => {
    const { config, warnings } = await t.supervisord(conf, { prefork: true });
    expect(config.programs.map((p) => [p.name, p.options])).toEqual([
      [
        'web',
        {
          type: 'prefork',
          command: '/srv/venv/bin/gunicorn -w 1 app:app',
          bind: '0.0.0.0:8000',
          workers: 4,
          ready_when: { log: 'Booting worker' },
          directory: '/srv/app',
          stopwaitsecs: 20,
        },
      ],
      [
        'php',
        {
          type: 'prefork',
          command: ['sh', '-c', 'exec "$0" "$@" 0<&{fd}', '/usr/bin/php-cgi', '-c', `${t.dir}/php.ini`],
          bind: { unix: '/run/php.sock', mode: '0660' },
          workers: 3,
        },
      ],
      ['tcp', { type: 'prefork', command: ['sh', '-c', 'exec "$0" "$@" 0<&{fd}', '/usr/bin/fcgi-app'], bind: '127.0.0.1:9000', workers: 1 }],
      ['worker', { command: 'celery -A proj worker' }],
    ]);
    expect(warnings).toEqual([
      'supervisord.conf:9: socket_owner=www-data has no equivalent: drover sets no owner or backlog on the sockets it binds; not imported',
      'supervisord.conf:10: process_name "%(program_name)s" has no %(process_num): prefork workers need distinct names, so drover\'s numbered default is used',
    ]);
  });

  it('without --prefork, keeps gunicorn as it was and says how fcgi programs carry over', async () => {
    const { config, warnings } = await t.supervisord(conf, { prefork: false });
    expect(config.programs.map((p) => p.options.type ?? 'plain')).toEqual(['plain', 'plain', 'plain', 'plain']);
    expect(config.programs[0]!.options.command).toBe('/srv/venv/bin/gunicorn -w 4 -b 0.0.0.0:8000 app:app');
    expect(warnings).toEqual([
      'supervisord.conf:5: [fcgi-program:php] imported as a plain program: its processes expect the socket supervisord bound as their stdin; run drover import --prefork to have drover bind it (type: prefork)',
      'supervisord.conf:12: [fcgi-program:tcp] imported as a plain program: its processes expect the socket supervisord bound as their stdin; run drover import --prefork to have drover bind it (type: prefork)',
    ]);
  });

  it('keeps gunicorn plain when its bind cannot be taken, and folds numprocs into workers', async () => {
    const { config, warnings } = await t.supervisord(
      lines(
        '[program:a]',
        'command=gunicorn -b fd://3 app:app',
        '[program:b]',
        'command=gunicorn app:app',
        'numprocs=2',
        'process_name=b_%(process_num)d',
        'environment=WEB_CONCURRENCY="6"',
      ),
      { prefork: true },
    );
    expect(config.programs.map((p) => p.options)).toEqual([
      { command: 'gunicorn -b fd://3 app:app' },
      {
        type: 'prefork',
        command: 'gunicorn -w 1 app:app',
        bind: '127.0.0.1:8000',
        workers: 6,
        ready_when: { log: 'Booting worker' },
        process_name: 'b_%(process_num)d',
        environment: { WEB_CONCURRENCY: '6' },
      },
    ]);
    expect(warnings).toEqual([
      'supervisord.conf:2: gunicorn kept as a plain program: it already serves an inherited socket (fd://3)',
      'supervisord.conf:5: numprocs=2 ran 2 gunicorn masters; the prefork program runs one set of workers (workers: 6)',
    ]);
  });

  it('warns when the gunicorn config it reads has once-per-server hooks', async () => {
    t.write('app/gunicorn.conf.py', lines('def on_starting(server):', '    start_scheduler()', 'def post_fork(server, worker):', '    pass'));
    t.write('app/conf/hooks.py', lines('def when_ready(server):', '    pass'));
    const conf = lines(
      '[program:a]',
      'command=gunicorn -w 4 app:app',
      'directory=%(here)s/app',
      '[program:b]',
      'command=gunicorn --config conf/hooks.py app:app',
      'directory=%(here)s/app',
      '[program:c]',
      'command=gunicorn -c missing.py app:app',
      'directory=%(here)s/app',
    );
    const hooks = (file: string, hook: string) =>
      `${file} defines gunicorn server hooks (${hook}) that run once per gunicorn master; under type: prefork each drover worker is its own gunicorn master, ` +
      `so they run once per worker and again on every reload: move them to drover's own hooks (hooks: ${hook}: COMMAND), which run once for the program, ` +
      'or run the once-only work as a separate program';
    expect((await t.supervisord(conf, { prefork: true })).warnings).toEqual([
      `supervisord.conf:2: ${hooks('gunicorn.conf.py', 'on_starting')}`,
      `supervisord.conf:5: ${hooks('conf/hooks.py', 'when_ready')}`,
    ]);
    expect((await t.supervisord(conf, { prefork: false })).warnings).toEqual([]);
  });
  it('takes bind and workers from the gunicorn config it reads when the command does not set them', async () => {
    t.write('app/gunicorn.conf.py', lines('bind = "0.0.0.0:9000"', 'workers = 4', 'worker_class = "uvicorn.workers.UvicornWorker"'));
    t.write(
      'app/list.py',
      lines('import multiprocessing', 'bind = [', "    '127.0.0.1:9001',", "    'unix:/run/app.sock',", ']', 'workers = multiprocessing.cpu_count() * 2 + 1  # gunicorn docs'),
    );
    t.write('app/env.py', lines('import os', 'bind = "0.0.0.0:" + os.environ.get("PORT", "8000")'));
    const conf = lines(
      '[program:a]',
      'command=gunicorn main:app',
      'directory=%(here)s/app',
      '[program:b]',
      'command=gunicorn -c list.py -w 2 main:app',
      'directory=%(here)s/app',
      '[program:c]',
      'command=gunicorn -c list.py main:app',
      'directory=%(here)s/app',
      '[program:d]',
      'command=gunicorn -c env.py -b 127.0.0.1:7000 main:app',
      'directory=%(here)s/app',
      '[program:e]',
      'command=gunicorn -c env.py main:app',
      'directory=%(here)s/app',
    );
    const { config, warnings } = await t.supervisord(conf, { prefork: true });
    expect(config.programs.map((p) => [p.name, p.options.bind, p.options.workers])).toEqual([
      ['a', '0.0.0.0:9000', 4],
      ['b', ['127.0.0.1:9001', 'unix:/run/app.sock'], 2],
      ['c', ['127.0.0.1:9001', 'unix:/run/app.sock'], '${WEB_CONCURRENCY:-1}'],
      ['d', '127.0.0.1:7000', '${WEB_CONCURRENCY:-1}'],
      ['e', '127.0.0.1:8000', '${WEB_CONCURRENCY:-1}'],
    ]);
    expect(warnings).toEqual([
      'supervisord.conf:8: list.py sets workers = multiprocessing.cpu_count() * 2 + 1, which drover cannot evaluate (it reads plain values only); ' +
        'the prefork program has workers: ${WEB_CONCURRENCY:-1} instead: set it to what gunicorn would use',
      'supervisord.conf:14: env.py sets bind = "0.0.0.0:" + os.environ.get("PORT", "8000"), which drover cannot evaluate (it reads plain values only); ' +
        'the prefork program has bind: 127.0.0.1:8000 instead: set it to what gunicorn would use',
    ]);
  });
});
