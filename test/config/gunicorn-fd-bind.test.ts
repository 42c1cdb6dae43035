import { describe, expect, it } from 'vitest';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();

describe('gunicorn naming the passed socket again with -b fd://', () => {
  const gunicorn = (command: string, type = 'prefork') => lines('programs:', '  web:', `    type: ${type}`, '    bind: 127.0.0.1:8000', `    command: ${command}`);
  const why = (written: string) =>
    `${written} makes gunicorn fail every worker with "Bad file descriptor": gunicorn already takes the sockets drover passes through LISTEN_FDS, so fd:// names one a second time and gunicorn closes it after its first use`;

  it.each([
    ['gunicorn -w 1 -b fd://{fd} app:app', '-b fd://{fd}', 'gunicorn -w 1 app:app'],
    ['/srv/venv/bin/gunicorn --bind fd://3 -w 1 app:app', '--bind fd://3', '/srv/venv/bin/gunicorn -w 1 app:app'],
    ['python3 -m gunicorn --bind=fd://{fd} app:app', '--bind=fd://{fd}', 'python3 -m gunicorn app:app'],
    ['gunicorn -bfd://{fd} -k "uvicorn.workers.UvicornWorker" app:app', '-bfd://{fd}', 'gunicorn -k uvicorn.workers.UvicornWorker app:app'],
  ])('warns at the command, file:line:col, about %s and says what to write', async (command, written, instead) => {
    const result = await t.load(gunicorn(command));
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ line: 5, column: 14, path: 'programs.web.command', message: `${why(written)}; write: ${instead}` }],
    });
  });

  it('points at the list item of a command written as a list', async () => {
    const result = await t.load(
      lines('programs:', '  web:', '    type: prefork', '    bind: :8000', '    command:', '      - gunicorn', '      - --bind', '      - fd://{fd}', '      - app:app'),
    );
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ line: 7, column: 9, path: 'programs.web.command[1]', message: `${why('--bind fd://{fd}')}; write: gunicorn app:app` }],
    });
  });

  it('finds it inside a sh -c string, and says what to drop', async () => {
    const result = await t.load(gunicorn(`sh -c 'exec gunicorn -w 1 -b fd://{fd} app:app --log-level "$LEVEL"'`));
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ line: 5, column: 14, path: 'programs.web.command', message: `${why('-b fd://{fd}')}; remove it` }],
    });
  });

  it('leaves the working form, other binds, and plain programs alone', async () => {
    for (const yaml of [
      gunicorn('gunicorn -w 1 app:app'),
      gunicorn('gunicorn -w 1 -b 127.0.0.1:9000 app:app'),
      gunicorn('uvicorn main:app --fd {fd}'),
      gunicorn('echo -b fd://3'),
      lines('programs:', '  web:', '    command: gunicorn -b fd://3 app:app'),
    ]) {
      expect(await t.load(yaml), yaml).toMatchObject({ ok: true, warnings: [] });
    }
  });
});
