import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { ProbeFixtures, probeConfig, quietPeriod } from './probe-fixtures.js';

const fixtures = new ProbeFixtures();
const dirs: string[] = [];
const pids: number[] = [];

afterEach(() => {
  fixtures.cleanup();
  for (const pid of pids.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ProbeRunner (readiness, http)', () => {
  it('reports pass once, after the server starts answering 200', async () => {
    let requests = 0;
    const { url } = await fixtures.httpServer((_req, res) => {
      requests++;
      res.writeHead(requests <= 3 ? 503 : 200).end();
    });
    let requestsAtPass = 0;
    const { runner, calls } = fixtures.runner(probeConfig({ kind: 'http', url }, { failureThreshold: 10 }), 'readiness', {
      onStatus: (status, detail) => {
        requestsAtPass = requests;
        calls.push({ status, ...detail });
      },
    });
    runner.start();
    await waitFor('the probe to pass', () => runner.status === 'pass');
    expect(requestsAtPass).toBe(4);
    await waitFor('three more checks', () => requests >= 7);
    expect(calls).toEqual([{ status: 'pass', lastError: null, failures: 0 }]);
  });

  it('waits initialDelayMs before the first check', async () => {
    const startedAt = Date.now();
    let firstRequestAt = 0;
    const { url } = await fixtures.httpServer((_req, res) => {
      firstRequestAt ||= Date.now();
      res.writeHead(200).end();
    });
    const { runner } = fixtures.runner(probeConfig({ kind: 'http', url }, { initialDelayMs: 400 }), 'readiness');
    runner.start();
    await waitFor('the first check', () => firstRequestAt);
    expect(firstRequestAt - startedAt).toBeGreaterThanOrEqual(395);
  });

  it('never overlaps checks when the server is slower than the period', async () => {
    let active = 0;
    let maxActive = 0;
    let requests = 0;
    const { url } = await fixtures.httpServer((_req, res) => {
      requests++;
      active++;
      maxActive = Math.max(maxActive, active);
      res.on('close', () => active--);
      setTimeout(() => res.writeHead(200).end(), 200);
    });
    const { runner } = fixtures.runner(probeConfig({ kind: 'http', url }, { periodMs: 50 }), 'readiness');
    runner.start();
    await waitFor('four checks', () => requests >= 4);
    expect(maxActive).toBe(1);
  });
});

describe('ProbeRunner (liveness, http)', () => {
  it('fails after failureThreshold failures and passes again once the server recovers', async () => {
    let healthy = true;
    let failedAnswers = 0;
    const { url } = await fixtures.httpServer((_req, res) => {
      if (!healthy) failedAnswers++;
      res.writeHead(healthy ? 200 : 503).end();
    });
    const failedAnswersAtCall: number[] = [];
    const { runner, calls } = fixtures.runner(probeConfig({ kind: 'http', url }, { failureThreshold: 3 }), 'liveness', {
      onStatus: (status, detail) => {
        failedAnswersAtCall.push(failedAnswers);
        calls.push({ status, ...detail });
      },
    });
    runner.start();
    await waitFor('the probe to pass', () => calls.length === 1);

    healthy = false;
    await waitFor('the probe to fail', () => calls.length === 2);
    expect(failedAnswersAtCall[1]).toBe(3);
    expect(calls[1]).toEqual({ status: 'fail', lastError: `http ${url}: HTTP 503`, failures: 3 });
    expect(runner.status).toBe('fail');

    healthy = true;
    await waitFor('the probe to pass again', () => calls.length === 3);
    expect(calls[2]).toEqual({ status: 'pass', lastError: null, failures: 0 });
  });

  it('names a refused tcp connection', async () => {
    const port = await freePort();
    const { runner, calls } = fixtures.runner(probeConfig({ kind: 'tcp', host: '127.0.0.1', port }, { failureThreshold: 1 }), 'liveness');
    runner.start();
    await waitFor('the probe to fail', () => calls[0]);
    expect(calls[0]?.lastError).toBe(`tcp 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});

describe('ProbeRunner (exec)', () => {
  it('names the command and its last stderr line, in cwd with env', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-probe-'));
    dirs.push(dir);
    const argv = ['sh', '-c', 'echo "not ready in $PWD ($MODE)" >&2; exit 1'];
    const config = probeConfig({ kind: 'exec', argv }, { failureThreshold: 1 });
    const { runner, calls } = fixtures.runner(config, 'readiness', { cwd: dir, env: { PATH: process.env.PATH, MODE: 'test' } });
    runner.start();
    await waitFor('the probe to fail', () => calls[0]);
    expect(calls[0]?.lastError).toBe(`exec sh -c ${JSON.stringify(argv[2])}: exit status 1 (not ready in ${dir} (test))`);
  });
});

describe('ProbeRunner.stop', () => {
  it('prevents further checks and calls', async () => {
    let requests = 0;
    const { url } = await fixtures.httpServer((_req, res) => {
      requests++;
      res.writeHead(503).end();
    });
    const { runner, calls } = fixtures.runner(probeConfig({ kind: 'http', url }, { failureThreshold: 1000 }), 'liveness');
    runner.start();
    await waitFor('two checks', () => requests >= 2);
    runner.stop();
    // A check already on the wire when stop() ran may still reach the server.
    const atStop = requests;
    await quietPeriod(400);
    expect(requests).toBeLessThanOrEqual(atStop + 1);
    expect(calls).toEqual([]);
    runner.start(); // a stopped runner stays stopped
    await quietPeriod(200);
    expect(requests).toBeLessThanOrEqual(atStop + 1);
  });

  it('kills an exec check in flight and reports nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-probe-'));
    dirs.push(dir);
    const pidFile = join(dir, 'pid');
    const argv = ['sh', '-c', `echo $$ >'${pidFile}'; exec sleep 100`];
    const { runner, calls } = fixtures.runner(probeConfig({ kind: 'exec', argv }, { timeoutMs: 60_000, failureThreshold: 1 }), 'liveness');
    runner.start();
    const pid = await waitFor('the check to write its pid', () => {
      try {
        const value = Number(readFileSync(pidFile, 'utf8'));
        return Number.isInteger(value) && value > 0 ? value : null;
      } catch {
        return null;
      }
    });
    pids.push(pid);
    runner.stop();
    await waitFor('the check process to be gone', () => !isAlive(pid));
    await quietPeriod(200);
    expect(calls).toEqual([]);
    expect(runner.status).toBe('unknown');
  });
});
