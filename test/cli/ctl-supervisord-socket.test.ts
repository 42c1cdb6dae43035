import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupervisordSide } from '../conformance/harness/supervisord-side.js';
import { SLEEPER } from '../conformance/cases/fixture-commands.js';
import { CliHarness } from '../helpers/cli-harness.js';

/**
 * `drover ctl` pointed at a socket that a real supervisord 4.2.5 serves (a
 * script half-way through a move, a stale DROVER_SOCKET): it must say whose
 * socket it is and exit 4, never report a bare HTTP error as a failure of drover.
 */
let supervisord: SupervisordSide;
const cli = new CliHarness();
const socket = () => path.join(supervisord.dir, 'supervisor.sock');
const ctl = (...args: string[]) => cli.runToEnd(['ctl', ...args, '--socket', socket()]);

beforeAll(async () => {
  supervisord = new SupervisordSide();
  supervisord.writeConfig({ programs: { a: { command: SLEEPER } } });
  await supervisord.start();
}, 60_000);

afterAll(async () => {
  await cli.cleanup();
  await supervisord?.cleanup();
});

describe('drover ctl against a socket that supervisord answers', () => {
  it.each([['status'], ['stop', 'a'], ['tail', '-f', 'a'], ['pid']])(
    "%s: says the socket is supervisord's, names supervisorctl, exits 4",
    async (...args) => {
      const result = await ctl(...args);
      expect(result.stderr).toContain(`drover: the socket ${socket()} belongs to supervisord 4.2.5, not to drover`);
      expect(result.stderr).toContain('supervisorctl');
      expect(result.stderr).not.toMatch(/HTTP \d{3}/);
      expect(result.code).toBe(4);
    },
    30_000,
  );

  it('--json: the same words as a JSON error on stdout, nothing on stderr, exit 4 still', async () => {
    const result = await ctl('status', '--json');
    const answer = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('SUPERVISORD_SOCKET');
    expect(answer.error.message).toContain('belongs to supervisord 4.2.5');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(4);
  }, 30_000);
});
