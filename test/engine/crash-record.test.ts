import { afterEach, expect, it } from 'vitest';
import { readRecord } from '../../src/engine/state-file.js';
import { EngineHarness, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A crashed child's exit reaches the state file after its replacement was
 * asked for: the file must still end up listing the live child only, crash
 * after crash, so that a supervisor killed later stops exactly that one.
 */

let harness: EngineHarness;
afterEach(async () => {
  await harness.cleanup();
});

it('lists only the live child in the state file after each crash and restart', async () => {
  harness = new EngineHarness();
  const supervisor = await harness.start([makeProgram('crashy', ['sleep', '1000'], { autorestart: true })]);
  const statefile = supervisor.currentConfig.supervisor.statefile;
  const runningPid = () => {
    const [proc] = supervisor.list();
    return proc?.state === 'RUNNING' ? proc.pid : null;
  };
  let pid = await waitFor('crashy RUNNING', runningPid);
  for (let crash = 0; crash < 3; crash++) {
    const old = pid;
    process.kill(old, 'SIGKILL');
    pid = await waitFor(`crashy RUNNING again after crash ${crash + 1}`, () => {
      const now = runningPid();
      return now !== old ? now : null;
    });
    const recorded = await waitFor('the exit and the new child recorded', () => {
      const pids = readRecord(statefile)?.processes.map((p) => p.pid);
      return pids?.length === 1 && pids[0] === pid ? pids : null;
    });
    expect(recorded).toEqual([pid]);
  }
  expect(supervisor.list()[0]?.restarts).toBe(3);
});

it('writes a respawned child’s record just after its RUNNING, not on the way to it', async () => {
  harness = new EngineHarness();
  const supervisor = await harness.start([makeProgram('crashy', ['sleep', '1000'], { autorestart: true })]);
  const statefile = supervisor.currentConfig.supervisor.statefile;
  const recorded = () => readRecord(statefile)?.processes.map((p) => p.pid) ?? [];
  const first = await waitFor('crashy RUNNING', () => {
    const [proc] = supervisor.list();
    return proc?.state === 'RUNNING' ? proc.pid : null;
  });
  await waitFor('the first child recorded', () => recorded().includes(first));
  const atRunning: { pid: number | null; recorded: number[] }[] = [];
  supervisor.subscribe((event) => {
    if (event.kind === 'state' && event.process.state === 'RUNNING') atRunning.push({ pid: event.process.pid, recorded: recorded() });
  });
  process.kill(first, 'SIGKILL');
  const second = await waitFor('crashy RUNNING again', () => atRunning[0]?.pid ?? null);
  expect(atRunning[0]!.recorded).not.toContain(second);
  expect(await waitFor('the replacement recorded', () => (recorded().includes(second) ? recorded() : null))).toEqual([second]);
});
