import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliHarness } from '../helpers/cli-harness.js';

let h: CliHarness;
beforeEach(() => {
  h = new CliHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe('drover check', () => {
  it('prints a one-line summary and exits 0 for a good file', async () => {
    h.writeConfig('programs:\n  a:\n    command: sleep 1\n    numprocs: 2\n  b:\n    command: sleep 1\ngroups:\n  g: [a]\n');
    const result = await h.runToEnd(['check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/programs\.yaml: OK, 2 programs, 3 processes, 1 group$/);
  });

  it('prints every error with file:line:col and exits 1', async () => {
    h.writeConfig('programs:\n  a:\n    command: sleep 1\n    numprocs: -1\n  b:\n    command: run && go\n  c:\n    command: sleep 1\n    depends_on: [zz]\n', 'bad.yaml');
    const result = await h.runToEnd(['check', '-c', 'bad.yaml']);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/bad\.yaml:4:15: programs\.a\.numprocs: expected a whole number ≥ 1, got -1/);
    expect(lines[1]).toMatch(/bad\.yaml:6:\d+: programs\.b\.command: .*sh -c/);
    expect(lines[2]).toMatch(/bad\.yaml:9:\d+: programs\.c\.depends_on\[0\]: .*"zz"/);
    expect(lines[3]).toBe(`3 errors in ${h.dir}/bad.yaml`);
  });

  it('finds the config through $DROVER_CONFIG and accepts -c after the verb', async () => {
    h.writeConfig('programs:\n  a:\n    command: sleep 1\n', 'elsewhere.yaml');
    expect((await h.runToEnd(['check'], { DROVER_CONFIG: 'elsewhere.yaml' })).code).toBe(0);
    expect((await h.runToEnd(['-c', 'elsewhere.yaml', 'check'])).code).toBe(0);
    const missing = await h.runToEnd(['check']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/programs\.yaml:1:1: cannot read the config file: no such file or directory/);
  });

  it('exits 2 with usage for unknown commands and options', async () => {
    const unknown = await h.runToEnd(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('drover: unknown command "frobnicate" (drover --help lists the commands)\n');
    const badOption = await h.runToEnd(['--frob']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/unknown option: --frob/);
    expect((await h.runToEnd(['-c'])).stderr).toMatch(/-c needs a value/);
  });

  it('warns, with file:line:col, about a prefork gunicorn given -b fd://{fd}, and says what to write', async () => {
    h.writeConfig('programs:\n  web:\n    type: prefork\n    bind: 127.0.0.1:8000\n    command: gunicorn -w 1 -b fd://{fd} app:app\n');
    const result = await h.runToEnd(['check']);
    expect(result.stderr.trim()).toMatch(
      new RegExp(
        `^warning: ${h.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/programs\\.yaml:5:14: programs\\.web\\.command: -b fd://\\{fd\\} makes gunicorn fail every worker with "Bad file descriptor": .*; write: gunicorn -w 1 app:app$`,
        'm',
      ),
    );
    expect(result.code).toBe(0);
    const strict = await h.runToEnd(['check', '--strict']);
    expect(strict.code).toBe(1);
  });

  it('warns, with file:line:col, about server hooks in the gunicorn config of a prefork program', async () => {
    h.writeConfig('def on_starting(server):\n    pass\n\ndef when_ready(server):\n    pass\n', 'gunicorn.conf.py');
    h.writeConfig('programs:\n  web:\n    type: prefork\n    bind: 127.0.0.1:8000\n    command: gunicorn -w 1 -c gunicorn.conf.py app:app\n');
    const result = await h.runToEnd(['check']);
    expect(result.stderr.trim()).toMatch(
      new RegExp(
        `^warning: ${h.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/programs\\.yaml:5:14: programs\\.web\\.command: gunicorn\\.conf\\.py defines gunicorn server hooks \\(on_starting, when_ready\\) that run once per gunicorn master; .*hooks: on_starting: COMMAND`,
        'm',
      ),
    );
    expect(result.code).toBe(0);
  });

  describe('what this machine cannot run', () => {
    // Each is a warning, not an error: a config may be checked on another machine than the one it runs on.
    const CANNOT = 'this program cannot start on this machine';
    const config = [
      'programs:',
      '  ghost:',
      '    command: sleep 1000',
      '    user: nosuchuser',
      '  nowhere:',
      '    command: sleep 1',
      '    directory: missing/dir',
      '  missing:',
      '    command: no-such-program --flag',
      '  listed:',
      '    command: [./not-executable.sh, a]',
      '  fromvar:',
      '    command: ${TOOL} --version',
      '  shell:',
      "    command: sh -c 'no-such-thing; exit 0'",
      '  found:',
      '    command: ./run.sh',
      `    user: "${process.getuid?.()}"`,
      '    directory: bin',
      '',
    ].join('\n');

    beforeEach(() => {
      h.writeConfig(config);
      h.writeConfig('#!/bin/sh\n', 'not-executable.sh');
      mkdirSync(path.join(h.dir, 'bin'));
      writeFileSync(path.join(h.dir, 'bin', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    });

    const expected = () => [
      `warning: ${h.dir}/programs.yaml:4:11: programs.ghost.user: unknown user nosuchuser (not in /etc/passwd, and not a numeric uid); ${CANNOT}`,
      `warning: ${h.dir}/programs.yaml:7:16: programs.nowhere.directory: directory ${h.dir}/missing/dir does not exist; ${CANNOT}`,
      `warning: ${h.dir}/programs.yaml:9:14: programs.missing.command: command not found: no-such-program is not in PATH; ${CANNOT}`,
      `warning: ${h.dir}/programs.yaml:11:15: programs.listed.command[0]: ${h.dir}/not-executable.sh is not executable (permission denied); ${CANNOT}`,
      `warning: ${h.dir}/programs.yaml:13:14: programs.fromvar.command: command not found: no-such-tool is not in PATH; ${CANNOT}`,
    ];

    it('warns about an unknown user, a missing directory and a command that is not found or not executable, with file:line:col, and exits 0', async () => {
      const result = await h.runToEnd(['check'], { TOOL: 'no-such-tool' });
      expect(result.stderr.trim().split('\n')).toEqual(expected());
      expect(result.stdout).toMatch(/programs\.yaml: OK, 7 programs, 7 processes, 0 groups$/);
      expect(result.code).toBe(0);
    });

    it('--strict fails (exit 1) on those warnings, and passes a config without any', async () => {
      const strict = await h.runToEnd(['check', '--strict'], { TOOL: 'no-such-tool' });
      expect(strict.stderr.trim().split('\n')).toEqual([...expected(), `5 warnings in ${h.dir}/programs.yaml (--strict)`]);
      expect(strict.stdout).toBe('');
      expect(strict.code).toBe(1);

      h.writeConfig('programs:\n  a:\n    command: ${TOOL} 1\n    directory: bin\n');
      const clean = await h.runToEnd(['check', '--strict'], { TOOL: 'sleep' });
      expect(clean.stderr).toBe('');
      expect(clean.code).toBe(0);
    });

    it('finds the command in the PATH the program gets from its environment', async () => {
      h.writeConfig('programs:\n  a:\n    command: run.sh\n    environment: { PATH: "%(here)s/bin" }\n  b:\n    command: run.sh\n');
      const result = await h.runToEnd(['check', '--strict']);
      expect(result.stderr.trim().split('\n')[0]).toBe(`warning: ${h.dir}/programs.yaml:6:14: programs.b.command: command not found: run.sh is not in PATH; ${CANNOT}`);
      expect(result.code).toBe(1);
    });
  });
});
