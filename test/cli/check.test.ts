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
    expect(unknown.stderr).toMatch(/unknown command: frobnicate/);
    const badOption = await h.runToEnd(['--frob']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/unknown option: --frob/);
    expect((await h.runToEnd(['-c'])).stderr).toMatch(/-c needs a value/);
  });
});
