import { describe, expect, it } from 'vitest';
import { parseReloadSignal } from '../../src/config/parse-signal.js';
import { lines, useConfigDir } from './temp-config.js';

/** `reload_signal`: what `ctl reload` sends a plain program instead of restarting it. */

const t = useConfigDir();

const program = (...options: string[]) => lines('programs:', '  web:', '    command: gunicorn app:app', ...options);

describe('reload_signal', () => {
  it.each([
    ['HUP', 'HUP'],
    ['SIGUSR2', 'USR2'],
    ['usr1', 'USR1'],
    ['1', 'HUP'],
    ['12', 'USR2'],
    ['"10"', 'USR1'],
  ])('reload_signal: %s is %s', async (written, name) => {
    const config = await t.config(program(`    reload_signal: ${written}`));
    expect(config.programs[0]!.reloadSignal).toBe(name);
  });

  it('is null when not set: a reload restarts', async () => {
    expect((await t.config(program())).programs[0]!.reloadSignal).toBeNull();
  });

  it('takes ${VAR} like any option', async () => {
    const config = await t.config(program('    reload_signal: ${RELOAD:-HUP}'), { RELOAD: '10' });
    expect(config.programs[0]!.reloadSignal).toBe('USR1');
  });

  it('reports an unknown name, an out-of-range number and an uncatchable signal at the value, with file:line:col', async () => {
    expect(await t.errors(program('    reload_signal: RELOAD'))).toEqual([
      'programs.yaml:4:20: programs.web.reload_signal: expected a signal name such as HUP, USR1 or USR2, or its number, got "RELOAD"',
    ]);
    expect(await t.errors(program('    reload_signal: 99'))).toEqual([
      'programs.yaml:4:20: programs.web.reload_signal: expected a signal name such as HUP, USR1 or USR2, or its number, got 99',
    ]);
    expect(await t.errors(program('    reload_signal: KILL'))).toEqual([
      'programs.yaml:4:20: programs.web.reload_signal: expected a signal the program can catch, such as HUP, USR1 or USR2, got "KILL": SIGKILL cannot be caught, so it would kill the program instead of reloading it',
    ]);
    expect(await t.errors(program('    reload_signal: 19'))).toEqual([
      'programs.yaml:4:20: programs.web.reload_signal: expected a signal the program can catch, such as HUP, USR1 or USR2, got 19: SIGSTOP cannot be caught, so it would freeze the program instead of reloading it',
    ]);
  });

  it('is refused on a prefork program, whose reload is drover’s rolling reload', async () => {
    const prefork = lines('programs:', '  web:', '    type: prefork', '    command: uvicorn app:app --fd 3', '    bind: 127.0.0.1:8000', '    reload_signal: HUP');
    expect(await t.errors(prefork)).toEqual([
      'programs.yaml:6:5: programs.web.reload_signal: reload_signal is not available for type: prefork programs: drover is their master, and a reload already replaces their workers one by one (a rolling reload) without dropping a request; a signal to a worker would reload nothing',
    ]);
  });

  it('reads a number or its text alike', () => {
    expect(parseReloadSignal(1)).toEqual({ ok: true, value: 'HUP' });
    expect(parseReloadSignal(' 1 ')).toEqual({ ok: true, value: 'HUP' });
    expect(parseReloadSignal(0).ok).toBe(false);
    expect(parseReloadSignal(true).ok).toBe(false);
  });
});
