import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliHarness } from '../helpers/cli-harness.js';

/** A ctl verb, or a near miss, typed where drover wants a command: one line that says what was meant, exit 2. */

let h: CliHarness;
beforeEach(() => {
  h = new CliHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe('an unknown command (built CLI)', () => {
  it.each([
    [['status'], 'drover: unknown command "status"; did you mean "drover ctl status"?\n'],
    [['stauts'], 'drover: unknown command "stauts"; did you mean "drover ctl status"?\n'],
    [['restart', 'web'], 'drover: unknown command "restart"; did you mean "drover ctl restart web"?\n'],
    [['tail', '-f', 'web:*'], `drover: unknown command "tail"; did you mean "drover ctl tail -f 'web:*'"?\n`],
    [['chek'], 'drover: unknown command "chek"; did you mean "drover check"?\n'],
    [['-c', 'x.yaml', 'imprt', 'Procfile'], 'drover: unknown command "imprt"; did you mean "drover -c x.yaml import Procfile"?\n'],
    [['frobnicate'], 'drover: unknown command "frobnicate" (drover --help lists the commands)\n'],
  ])('drover %j', async (args, stderr) => {
    const result = await h.runToEnd(args);
    expect(result).toEqual({ code: 2, stdout: '', stderr });
  });

  it('answers in JSON on stdout when --json was asked for', async () => {
    const result = await h.runToEnd(['status', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'USAGE', message: 'unknown command "status"; did you mean "drover ctl status --json"?' } });
  });
});

describe('an unknown ctl verb (built CLI)', () => {
  it('names the verb meant, with its usage line', async () => {
    const result = await h.runToEnd(['ctl', 'stauts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('drover: unknown ctl verb: stauts; did you mean status?\nusage: drover ctl status [PATTERN...] [--json]\n');
  });

  it('lists every verb when nothing is close', async () => {
    const result = await h.runToEnd(['ctl', 'frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^drover: unknown ctl verb: frobnicate\nusage:\n {2}drover ctl status/);
  });
});
