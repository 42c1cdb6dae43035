import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, ProcessUsage } from '../../src/api/supervisor-api.js';
import { MASK } from '../../src/server/mask-secrets.js';
import { API_IMPLEMENTATIONS, ControlHarness } from '../helpers/control-harness.js';
import { makeProgram } from '../helpers/engine-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * Stats events, status figures and process details through both API
 * implementations (in-process for the embedded view, the socket for attach),
 * with real process trees.
 */

let h: ControlHarness;
afterEach(async () => {
  await h?.cleanup();
});

async function serve(): Promise<void> {
  h = new ControlHarness();
  await h.serve([
    // The busy process is a child of the shell drover started: only a tree-wide figure sees it.
    makeProgram('busy', ['sh', '-c', 'yes > /dev/null & wait'], { startsecsMs: 0 }),
    makeProgram('idle', ['sleep', '1000'], {
      startsecsMs: 0,
      environment: { DATABASE_URL: 'postgres://app:hunter2@db/app', API_TOKEN: 'abc123', MODE: 'production' },
    }),
  ]);
  await waitFor('both RUNNING', () => h.supervisor.list().every((p) => p.state === 'RUNNING'));
}

describe.each(API_IMPLEMENTATIONS)('stats and details, %s', (_name, apiOf) => {
  it('samples whole trees only while a stats stream is open, and status carries the figures', async () => {
    await serve();
    const api = apiOf(h);
    const idleStatus = await api.status();
    for (const p of idleStatus) {
      expect(p.rssBytes).toBeGreaterThan(0);
      expect(p.cpuPercent).toBeNull(); // nobody watches: no sampling, no CPU figure
    }

    const samples: ProcessUsage[][] = [];
    const sub = await api.events({ stats: true }, (event: EngineEvent) => {
      if (event.kind === 'stats') samples.push(event.processes);
    });
    const busy = await waitFor('the busy tree above 30 % of a core', () => samples.at(-1)?.find((p) => p.name === 'busy:busy' && p.cpuPercent > 30));
    expect(busy.pids.length).toBeGreaterThanOrEqual(2); // the shell and `yes`
    expect(busy.pid).toBe(h.supervisor.list(['busy'])[0]!.pid);
    const idle = samples.at(-1)!.find((p) => p.name === 'idle:idle')!;
    expect(idle.cpuPercent).toBeLessThan(5);
    const watched = await waitFor('a CPU figure in status while watched', async () => (await api.status(['busy']))[0]!.cpuPercent);
    expect(watched).toBeGreaterThan(0);

    sub.close();
    await waitFor('sampling to stop', async () => (await api.status(['busy']))[0]!.cpuPercent === null);
  });

  it('details: command, cwd, masked environment, the live tree and the exit history', async () => {
    await serve();
    const api = apiOf(h);
    const d = await api.details('idle:idle');
    expect(d.command).toEqual(['sleep', '1000']);
    expect(d.shell).toBe(false);
    expect(d.cwd).toBe(h.dir);
    expect(d.environment).toEqual({ DATABASE_URL: `postgres://app:${MASK}@db/app`, API_TOKEN: MASK, MODE: 'production' });
    expect(d.tree.map((n) => n.command)).toEqual(['sleep 1000']);
    expect(d.exits).toEqual([]);

    const shell = await api.details('busy:busy');
    expect(shell.shell).toBe(true);
    expect(shell.tree.map((n) => n.command)).toEqual(['sh -c yes > /dev/null & wait', 'yes']);
    expect(shell.tree[1]!.ppid).toBe(shell.tree[0]!.pid);

    const pid = d.status.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor('a new pid', async () => {
      const now = (await api.status(['idle']))[0]!;
      return now.state === 'RUNNING' && now.pid !== pid;
    });
    const after = await api.details('idle:idle');
    expect(after.exits).toHaveLength(1);
    expect(after.exits[0]).toMatchObject({ pid, exitCode: null, exitSignal: 'SIGKILL', expected: false });
    expect(isAlive(pid)).toBe(false);
  });

  it('details of an unknown name is NO_MATCH', async () => {
    await serve();
    await expect(apiOf(h).details('ghost')).rejects.toMatchObject({ code: 'NO_MATCH' });
  });
});
