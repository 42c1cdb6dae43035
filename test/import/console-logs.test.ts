import { describe, expect, it } from 'vitest';
import { formatConfigError, loadConfig } from '../../src/config/index.js';
import { lines, useImportDir } from './import-fixture.js';

/**
 * Docker images point supervisord's output at the container's console with
 * /dev/stdout, /dev/fd/1, /proc/1/fd/1 and the like. drover says that with
 * `console`; /dev/null is `none`. And `[supervisord] logfile=/dev/stdout`
 * names no folder drover could keep its logs in.
 */

const t = useImportDir();

const CONSOLE_PATHS = ['/dev/stdout', '/dev/stderr', '/dev/fd/1', '/dev/fd/2', '/proc/self/fd/1', '/proc/self/fd/2', '/proc/1/fd/1', '/proc/1/fd/2'];

describe('a program log file on the console', () => {
  it.each(CONSOLE_PATHS)('stdout_logfile and stderr_logfile %s become console', async (file) => {
    const { config, warnings } = await t.supervisord(lines('[program:web]', 'command=nginx', `stdout_logfile=${file}`, 'stdout_logfile_maxbytes=0', `stderr_logfile=  ${file}  `));
    expect(config.programs[0]!.options).toMatchObject({ stdout_logfile: 'console', stderr_logfile: 'console' });
    expect(warnings).toEqual([]);
  });

  it('/dev/null becomes none', async () => {
    const options = await t.program(lines('[program:web]', 'command=nginx', 'stdout_logfile=/dev/null', 'stderr_logfile=/dev/null'), 'web');
    expect(options).toMatchObject({ stdout_logfile: 'none', stderr_logfile: 'none' });
  });

  it('other paths under /dev and /proc stay files', async () => {
    const options = await t.program(lines('[program:web]', 'command=nginx', 'stdout_logfile=/dev/fd/3', 'stderr_logfile=/proc/2/fd/1'), 'web');
    expect(options).toMatchObject({ stdout_logfile: '/dev/fd/3', stderr_logfile: '/proc/2/fd/1' });
  });

  it('drover loads the result as console streams', async () => {
    const outcome = await t.importFile(
      'supervisord.conf',
      lines('[program:web]', 'command=nginx', 'stdout_logfile=/dev/stdout', 'stderr_logfile=/dev/fd/2', '[program:quiet]', 'command=nginx', 'stdout_logfile=/dev/null'),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const loaded = await loadConfig(t.write('programs.yaml', outcome.yaml));
    if (!loaded.ok) throw new Error(loaded.errors.map(formatConfigError).join('\n'));
    const [web, quiet] = loaded.config.programs;
    expect([web!.stdout.target, web!.stderr.target, quiet!.stdout.target]).toEqual([{ kind: 'console' }, { kind: 'console' }, { kind: 'none' }]);
  });
});

describe('[supervisord] logfile on the console or /dev/null', () => {
  it.each([...CONSOLE_PATHS, '/dev/null'])('logfile=%s leaves logdir at its default and says what drover does instead', async (file) => {
    const { config, warnings } = await t.supervisord(lines('[supervisord]', `logfile=${file}`, '[program:web]', 'command=nginx'));
    expect(config.supervisor).not.toHaveProperty('logdir');
    expect(warnings).toEqual([
      `supervisord.conf:2: logfile=${file} is not a folder for drover's logs: logdir is left at its default (logs/ beside programs.yaml); ` +
        'drover writes its own log there, as drover.log, when detached (drover --daemon); in the foreground (drover --daemon --foreground, as in a container) it prints those lines on stdout instead',
    ]);
  });

  it('childlogdir is still used beside it, with no word about a second folder', async () => {
    const { config, warnings } = await t.supervisord(lines('[supervisord]', 'logfile=/dev/stdout', 'childlogdir=/var/log/app', '[program:web]', 'command=nginx'));
    expect(config.supervisor).toMatchObject({ logdir: '/var/log/app' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^supervisord\.conf:2: logfile=\/dev\/stdout is not a folder/);
  });
});
