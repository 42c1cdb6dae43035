import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSpawnerBinary } from '../../src/engine/spawner-client.js';
import { EngineHarness, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Regression (issue 16, defect 1): with drover-spawner, the exit of a child
 * that died at once was lost, so the process went RUNNING after startsecs on
 * a pid that no longer existed, and a stop then waited for it forever.
 */

let h: EngineHarness;
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const everReached = (state: string) =>
  h.events.filter((e) => e.kind === 'state' && e.process.state === state).map((e) => (e.kind === 'state' ? `${e.process.name} pid ${e.process.pid}` : ''));

describe('a program that exits at once, started by drover-spawner', () => {
  it('never shows RUNNING: every one of many starts sees its exit and gives up FATAL', async () => {
    expect(findSpawnerBinary()).not.toBeNull();
    expect(process.env.DROVER_SPAWNER).toBeUndefined();
    // Many at once keep the event loop busy, so "spawned" and "exit" share a read.
    const s = await h.start([
      makeProgram('false', ['false'], { numprocs: 20, startsecsMs: 1000, startretries: 0 }),
      makeProgram('exit7', ['sh', '-c', 'exit 7'], { numprocs: 20, startsecsMs: 1000, startretries: 0 }),
    ]);
    await waitFor('every start to settle', () => s.list().every((p) => p.state === 'FATAL' || p.state === 'RUNNING'), 30_000);
    expect(everReached('RUNNING')).toEqual([]);
    expect(s.list().every((p) => p.state === 'FATAL' && p.pid === null)).toBe(true);
    expect(
      s
        .list()
        .filter((p) => p.program === 'exit7')
        .map((p) => p.exitCode),
    ).toEqual(Array(20).fill(7));
    expect(
      s
        .list()
        .filter((p) => p.program === 'false')
        .map((p) => p.exitCode),
    ).toEqual(Array(20).fill(1));
  });
});
