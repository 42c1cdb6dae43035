import { describe, expect, it } from 'vitest';
import { mapProcfile, parseProcfile } from '../../src/import/procfile.js';
import { lines, useImportDir } from './import-fixture.js';

const FILE = '/app/Procfile';
const t = useImportDir();

function imported(text: string, prefork = false) {
  const parsed = parseProcfile(text, FILE);
  const mapped = mapProcfile(parsed.entries, FILE, { prefork });
  return {
    programs: Object.fromEntries(mapped.config.programs.map((p) => [p.name, p.options])),
    warnings: [...parsed.warnings, ...mapped.warnings].map((w) => `${w.line}: ${w.message}`),
  };
}

describe('parseProcfile', () => {
  it('reads name: command lines with their numbers, skipping blanks and comments, listing the rest', () => {
    const parsed = parseProcfile(lines('# processes', 'web: node server.js', '', 'worker:   rq worker  ', 'not a line', 'bad name: x'), FILE);
    expect(parsed.entries).toEqual([
      { name: 'web', command: 'node server.js', line: 2 },
      { name: 'worker', command: 'rq worker', line: 4 },
    ]);
    expect(parsed.warnings.map((w) => [w.file, w.line, w.message])).toEqual([
      [FILE, 5, 'expected a Procfile line "name: command", got "not a line"; skipped'],
      [FILE, 6, 'expected a Procfile line "name: command", got "bad name: x"; skipped'],
    ]);
  });

  it('lets a later line with the same name win, saying so', () => {
    const parsed = parseProcfile(lines('web: one', 'web: two'), FILE);
    expect(parsed.entries).toEqual([{ name: 'web', command: 'two', line: 2 }]);
    expect(parsed.warnings.map((w) => w.message)).toEqual(['web is defined again (first at line 1); the later line wins, as in foreman']);
  });
});

describe('mapProcfile', () => {
  it('writes a % as %% (a Procfile has no templates; celery -n worker@%h means the host name to celery)', () => {
    expect(imported(lines('worker: celery worker -n w@%h', 'shell: celery worker --hostname=$DYNO@%h')).programs).toMatchObject({
      worker: { command: 'celery worker -n w@%%h' },
      shell: { command: ['sh', '-c', 'celery worker --hostname=$DYNO@%%h'] },
    });
  });

  it('runs plain commands directly and anything a shell would act on under sh -c', () => {
    expect(imported(lines('worker: celery -A proj worker -l info', 'clock: python clock.py && echo done', 'echo: echo "$HOME" ${USER}', 'glob: ls *.py')).programs).toEqual({
      worker: { command: 'celery -A proj worker -l info' },
      clock: { command: ['sh', '-c', 'python clock.py && echo done'] },
      echo: { command: ['sh', '-c', 'echo "$HOME" $${USER}'] },
      glob: { command: ['sh', '-c', 'ls *.py'] },
    });
  });

  it('moves leading NAME=value words to environment, unquoting their values', () => {
    expect(
      imported(
        lines('worker: REMAP_SIGTERM=SIGQUIT celery -A proj worker -l info', `web: FOO="a b" BAR='50%' node server.js`, 'api: PORT=3000 DEBUG= bundle exec puma -C config/puma.rb'),
      ).programs,
    ).toEqual({
      worker: { command: 'celery -A proj worker -l info', environment: { REMAP_SIGTERM: 'SIGQUIT' } },
      web: { command: 'node server.js', environment: { FOO: 'a b', BAR: '50%%' } },
      api: { command: 'bundle exec puma -C config/puma.rb', environment: { PORT: '3000', DEBUG: '' } },
    });
  });

  it('makes release a one-shot that every other line depends on, as Heroku runs it before any dyno', () => {
    expect(imported(lines('web: node server.js', 'release: STATEMENT_TIMEOUT=180000 rails db:migrate', 'worker: rq worker')).programs).toEqual({
      web: { command: 'node server.js', depends_on: ['release'] },
      release: { type: 'oneshot', command: 'rails db:migrate', environment: { STATEMENT_TIMEOUT: '180000' } },
      worker: { command: 'rq worker', depends_on: ['release'] },
    });
  });

  it('escapes % so that drover reads no template in a command (celery --hostname=$DYNO@%h)', () => {
    expect(imported(lines('clock: date +%s', 'worker: celery worker --hostname=$DYNO@%h')).programs).toEqual({
      clock: { command: 'date +%%s' },
      worker: { command: ['sh', '-c', 'celery worker --hostname=$DYNO@%%h'] },
    });
  });

  it('keeps an assignment whose value a shell would expand under sh -c, as foreman ran it', () => {
    expect(imported(lines('worker: HOST=$DYNO celery worker')).programs).toEqual({
      worker: { command: ['sh', '-c', 'HOST=$DYNO celery worker'] },
    });
  });

  it("gives a command that uses $PORT foreman's port for its line", () => {
    expect(imported(lines('web: node server.js --port $PORT', 'api: uvicorn main:app --port ${PORT}')).programs).toEqual({
      web: { command: ['sh', '-c', 'node server.js --port $PORT'], environment: { PORT: '${PORT:-5000}' } },
      api: { command: ['sh', '-c', 'uvicorn main:app --port $${PORT}'], environment: { PORT: '${PORT:-5100}' } },
    });
  });

  it('with --prefork, makes a gunicorn web line a prefork program on $PORT', () => {
    const { programs, warnings } = imported(lines('web: gunicorn app:app -b 0.0.0.0:$PORT --workers ${WEB_CONCURRENCY:-3}', 'worker: rq worker'), true);
    expect(programs).toEqual({
      web: { type: 'prefork', command: 'gunicorn -w 1 app:app', bind: '0.0.0.0:${PORT:-5000}', workers: '${WEB_CONCURRENCY:-3}', ready_when: { log: 'Booting worker' } },
      worker: { command: 'rq worker' },
    });
    expect(warnings).toEqual([]);
  });

  it('with --prefork, gunicorn without -b binds $PORT, and leftover shell variables keep a shell', () => {
    expect(imported(lines('web: gunicorn app:app --log-level $LOG_LEVEL'), true).programs.web).toEqual({
      type: 'prefork',
      command: ['sh', '-c', `exec gunicorn -w 1 app:app --log-level "$LOG_LEVEL"`],
      bind: '0.0.0.0:${PORT:-5000}',
      workers: '${WEB_CONCURRENCY:-1}',
      ready_when: { log: 'Booting worker' },
    });
  });

  it('with --prefork, keeps a web line that is not gunicorn as it is, saying why', () => {
    const { programs, warnings } = imported(lines('web: node server.js'), true);
    expect(programs).toEqual({ web: { command: 'node server.js' } });
    expect(warnings).toEqual([
      '1: web kept as a plain program: "node server.js" is not a gunicorn command line; a prefork worker must serve the socket drover passes it (gunicorn with no -b, uvicorn --fd {fd})',
    ]);
  });
  it('with --prefork, takes the bind and workers the gunicorn config sets, as gunicorn would', () => {
    t.write('gunicorn.conf.py', lines('bind = "0.0.0.0:8080"', 'workers = 3'));
    t.write('env.conf.py', lines('import os', 'workers = int(os.environ.get("WORKERS", 2))'));
    const web = (line: string) => {
      const procfile = t.write('Procfile', line);
      const mapped = mapProcfile(parseProcfile(line, procfile).entries, procfile, { prefork: true });
      return { options: mapped.config.programs[0]!.options, warnings: mapped.warnings.map((w) => w.message) };
    };
    expect(web('web: gunicorn app:app')).toMatchObject({ options: { bind: '0.0.0.0:8080', workers: 3 }, warnings: [] });
    expect(web('web: gunicorn -c env.conf.py app:app')).toMatchObject({
      options: { bind: '0.0.0.0:${PORT:-5000}', workers: '${WEB_CONCURRENCY:-1}' },
      warnings: [
        'env.conf.py sets workers = int(os.environ.get("WORKERS", 2)), which drover cannot evaluate (it reads plain values only); ' +
          'the prefork program has workers: ${WEB_CONCURRENCY:-1} instead: set it to what gunicorn would use',
      ],
    });
  });
});
