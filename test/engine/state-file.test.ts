import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProcStat } from '../../src/engine/proc-fs.js';
import { findSurvivors, liveOwner, readRecord, stopSurvivors, writeRecord } from '../../src/engine/state-file.js';
import { StateRecorder, type DeferWrite } from '../../src/engine/state-recorder.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let dir: string;
const pids: number[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-state-'));
});
afterEach(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Writes spawn records as they come, as before the deferral: for what the journal holds, not when. */
const writeAtOnce: DeferWrite = (write) => write();

function startSession(): number {
  const child = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
  pids.push(child.pid!);
  return child.pid!;
}

describe('state file journal', () => {
  it("keeps users' live requests (stop, start, scale), through a compaction and into a next supervisor's journal", () => {
    const file = path.join(dir, 'state');
    const recorder = new StateRecorder(file, () => {}, writeAtOnce);
    recorder.begin();
    recorder.recordIntent({ stopped: 'a:a' });
    recorder.recordIntent({ stopped: 'c:c' });
    recorder.recordIntent({ scaled: 'b', count: 3, configured: 1 });
    recorder.recordIntent({ started: 'c:c' });
    recorder.recordIntent({ scaled: 'b', count: 4, configured: 1 });
    const expected = { stopped: ['a:a'], scaled: { b: { count: 4, configured: 1 } } };
    expect(readRecord(file)!.intents).toEqual(expected);
    // A next supervisor carries them over and compacts its journal: they are still there.
    const next = new StateRecorder(file, () => {}, writeAtOnce);
    next.carryOver(readRecord(file)!.intents);
    next.begin();
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    expect(readRecord(file)!.intents).toEqual(expected);
  });

  it('replays spawns and exits, skipping a torn last line', () => {
    const file = path.join(dir, 'state');
    const errors: string[] = [];
    const recorder = new StateRecorder(file, (m) => errors.push(m), writeAtOnce);
    recorder.begin();
    const a = startSession();
    const b = startSession();
    recorder.recordSpawn('x:a', a);
    recorder.recordSpawn('x:b', b);
    recorder.recordExit(a);
    appendFileSync(file, '{"pid":12'); // a crash in the middle of a write
    const record = readRecord(file)!;
    expect(record.supervisor.pid).toBe(process.pid);
    expect(record.processes.map((p) => [p.name, p.pid])).toEqual([['x:b', b]]);
    expect(record.processes[0]!.startTime).toBe(readProcStat(b)!.startTime);
    expect(errors).toEqual([]);
  });

  it('writes spawn records later, in one write per turn, and none for a child that ended first', () => {
    const file = path.join(dir, 'state');
    const deferred: (() => void)[] = [];
    const recorder = new StateRecorder(
      file,
      () => {},
      (write) => deferred.push(write),
    );
    recorder.begin();
    const [a, b, c] = [startSession(), startSession(), startSession()];
    recorder.recordSpawn('x:a', a);
    recorder.recordSpawn('x:b', b);
    recorder.recordSpawn('x:c', c);
    recorder.recordExit(b);
    expect(readRecord(file)!.processes).toEqual([]);
    expect(deferred).toHaveLength(1);
    const before = readFileSync(file, 'utf8').split('\n').length;
    deferred[0]!();
    const after = readFileSync(file, 'utf8');
    expect(after.split('\n').length - before).toBe(2);
    expect(readRecord(file)!.processes.map((p) => [p.name, p.pid])).toEqual([
      ['x:a', a],
      ['x:c', c],
    ]);
    recorder.recordSpawn('x:b', b);
    expect(deferred).toHaveLength(2);
  });

  it('compacts itself instead of growing without bound', () => {
    const file = path.join(dir, 'state');
    const recorder = new StateRecorder(file, () => {}, writeAtOnce);
    recorder.begin();
    const pid = startSession();
    for (let i = 0; i < 2000; i++) {
      recorder.recordSpawn('x:a', pid);
      recorder.recordExit(pid);
    }
    const lines = readFileSync(file, 'utf8').split('\n').length;
    expect(lines).toBeLessThan(600);
    expect(readRecord(file)!.processes).toEqual([]);
  });
});

describe('survivor recovery', () => {
  it('finds the members of a recorded session and stops them', async () => {
    const leader = startSession();
    const startTime = readProcStat(leader)!.startTime;
    const file = path.join(dir, 'state');
    writeRecord(file, { supervisor: { pid: 999_999, startTime: 1 }, processes: [{ name: 'x', pid: leader, startTime }] });
    const record = readRecord(file)!;
    expect(liveOwner(record)).toBeNull();
    expect(findSurvivors(record)).toEqual([leader]);
    await stopSurvivors(findSurvivors(record));
    await waitFor('leader gone', () => !isAlive(leader));
  });

  it('never touches a pid whose start time differs (a recycled pid)', () => {
    const other = startSession();
    const record = { supervisor: { pid: 999_999, startTime: 1 }, processes: [{ name: 'x', pid: other, startTime: readProcStat(other)!.startTime + 1000 }] };
    expect(findSurvivors(record)).toEqual([]);
  });

  it('recognises a live owner by pid and start time', () => {
    const self = readProcStat(process.ppid)!;
    expect(liveOwner({ supervisor: { pid: process.ppid, startTime: self.startTime }, processes: [] })).toBe(process.ppid);
    expect(liveOwner({ supervisor: { pid: process.ppid, startTime: self.startTime + 1 }, processes: [] })).toBeNull();
  });
});
