import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { ProbeFixtures, probeConfig, quietPeriod } from './probe-fixtures.js';

const fixtures = new ProbeFixtures();
const feeders: NodeJS.Timeout[] = [];

afterEach(() => {
  for (const feeder of feeders.splice(0)) clearInterval(feeder);
  fixtures.cleanup();
});

describe('ProbeRunner (readiness, log)', () => {
  it('passes once a fed line matches, and keeps passing', async () => {
    const config = probeConfig({ kind: 'log', pattern: 'listening on port \\d+' }, { failureThreshold: 1 });
    const { runner, calls } = fixtures.runner(config, 'readiness');
    runner.feed(['listening on port 80']); // before start(): not counted
    runner.start();
    runner.feed(['starting', 'loading config']);
    await waitFor('the probe to fail', () => calls[0]);
    expect(calls[0]).toMatchObject({ status: 'fail', failures: 1 });
    expect(calls[0]?.lastError).toMatch(/^no line matched \/listening on port \\d\+\/ since the start/);

    runner.feed(['still loading', 'listening on port 8000', 'ready']);
    await waitFor('the probe to pass', () => calls[1]);
    expect(calls[1]).toEqual({ status: 'pass', lastError: null, failures: 0 });

    // Sticky: no new lines for many periods, and it still passes.
    await quietPeriod(400);
    expect(calls).toHaveLength(2);
    expect(runner.status).toBe('pass');
  });

  it('fails every check with the reason when the pattern does not compile', async () => {
    const { runner, calls } = fixtures.runner(probeConfig({ kind: 'log', pattern: '(' }, { failureThreshold: 1 }), 'readiness');
    runner.start();
    runner.feed(['(']);
    await waitFor('the probe to fail', () => calls[0]);
    expect(calls[0]?.lastError).toMatch(/^invalid pattern \/\(\/: /);
  });
});

describe('ProbeRunner (liveness, log)', () => {
  it('passes while lines keep matching, fails when they stop, passes when they resume', async () => {
    const config = probeConfig({ kind: 'log', pattern: 'heartbeat' }, { periodMs: 150, failureThreshold: 2 });
    const { runner, calls } = fixtures.runner(config, 'liveness');
    let feeding = true;
    feeders.push(setInterval(() => feeding && runner.feed(['tick', 'heartbeat ok']), 20));
    runner.start();
    await waitFor('the probe to pass', () => calls[0]);
    expect(calls[0]?.status).toBe('pass');

    feeding = false;
    await waitFor('the probe to fail', () => calls[1]);
    expect(calls[1]).toMatchObject({ status: 'fail', failures: 2 });
    expect(calls[1]?.lastError).toMatch(/^no line matched \/heartbeat\/ in the last \d+(\.\d)?m?s$/);

    feeding = true;
    await waitFor('the probe to pass again', () => calls[2]);
    expect(calls[2]?.status).toBe('pass');
  });

  it('ignores lines that do not match', async () => {
    const config = probeConfig({ kind: 'log', pattern: '^OK$' }, { periodMs: 50, failureThreshold: 1 });
    const { runner, calls } = fixtures.runner(config, 'liveness');
    feeders.push(setInterval(() => runner.feed(['NOT OK', 'OK then']), 10));
    runner.start();
    await waitFor('the probe to fail', () => calls[0]);
    expect(calls[0]?.status).toBe('fail');
  });
});
