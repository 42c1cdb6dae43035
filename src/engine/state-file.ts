import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listPids } from '../stats/proc-scan.js';
import { isSameProcess, readProcStat } from './proc-fs.js';
import { EngineError } from './errors.js';
import { sendSignal } from './signals.js';

/**
 * The record of what this supervisor started, so that a supervisor killed with
 * SIGKILL leaves nothing behind: the next one reads the record and stops the
 * survivors. Processes are identified by pid *and* start time, so a recycled
 * pid is never touched.
 */

export interface RecordedProcess {
  name: string;
  /** Also the process group and session id: every child runs in its own session. */
  pid: number;
  startTime: number;
  /** What a next drover adopting the process needs (keep_programs): when it started (ms since the epoch), its restarts, and its program's fingerprint. */
  startedAt?: number;
  restarts?: number;
  program?: string;
}

export interface SupervisorRecord {
  supervisor: { pid: number; startTime: number };
  processes: RecordedProcess[];
  /** What users asked for that the config does not say, for a next drover adopting the programs. */
  intents?: Intents;
}

/**
 * Processes stopped by a request (`ctl stop`; a start or restart forgets it),
 * and programs scaled by one (`ctl scale`: the count, and the config's count
 * then, so a changed config wins).
 */
export interface Intents {
  stopped: string[];
  scaled: Record<string, { count: number; configured: number }>;
}

/** One journal line of an intent (see Intents). */
export type IntentLine = { stopped: string } | { started: string } | { scaled: string; count: number; configured: number };

/**
 * The file is a journal of JSON lines: a header naming the supervisor, then one
 * line per spawn (`{"pid":…,"startTime":…}`) or exit (`{"exit":pid}`). Appending
 * one short line per event costs a single write, where rewriting the whole
 * record per event would cost a rename each (slow on many filesystems). A torn
 * last line, from a crash mid-write, is skipped.
 */
export function readRecord(file: string): SupervisorRecord | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let supervisor: SupervisorRecord['supervisor'] | null = null;
  const live = new Map<number, RecordedProcess>();
  const intents: Intents = { stopped: [], scaled: {} };
  for (const line of text.split('\n')) {
    let entry: Partial<RecordedProcess> & { supervisor?: SupervisorRecord['supervisor']; exit?: number } & Partial<Record<'stopped' | 'started' | 'scaled', string>>;
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (typeof entry.stopped === 'string' || typeof entry.started === 'string' || typeof entry.scaled === 'string') applyIntent(intents, entry as IntentLine);
    else if (entry.supervisor) supervisor = entry.supervisor;
    else if (typeof entry.exit === 'number') live.delete(entry.exit);
    else if (typeof entry.pid === 'number' && typeof entry.startTime === 'number') {
      live.set(entry.pid, { ...entry, name: entry.name ?? '', pid: entry.pid, startTime: entry.startTime });
    }
  }
  return supervisor ? { supervisor, processes: [...live.values()], intents } : null;
}

/** Folds one intent line into `intents`. */
export function applyIntent(intents: Intents, line: IntentLine): void {
  if ('stopped' in line) {
    if (!intents.stopped.includes(line.stopped)) intents.stopped.push(line.stopped);
  } else if ('started' in line) intents.stopped = intents.stopped.filter((name) => name !== line.started);
  else intents.scaled[line.scaled] = { count: line.count, configured: line.configured };
}

/** The intents as journal lines (a compacted journal keeps them). */
export function intentLines(intents: Intents): IntentLine[] {
  return [...intents.stopped.map((stopped) => ({ stopped })), ...Object.entries(intents.scaled).map(([scaled, { count, configured }]) => ({ scaled, count, configured }))];
}

/** Writes a compacted journal atomically (temp file + rename). */
export function writeRecord(file: string, record: SupervisorRecord): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  const lines = [
    JSON.stringify({ supervisor: record.supervisor }),
    ...record.processes.map((p) => JSON.stringify(p)),
    ...intentLines(record.intents ?? { stopped: [], scaled: {} }).map((line) => JSON.stringify(line)),
  ];
  writeFileSync(temp, `${lines.join('\n')}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

export function removeRecord(file: string): void {
  rmSync(file, { force: true });
}

export function describeSelf(): { pid: number; startTime: number } {
  return { pid: process.pid, startTime: readProcStat(process.pid)?.startTime ?? 0 };
}

/** The live supervisor that owns this record, if it is still running. */
export function liveOwner(record: SupervisorRecord): number | null {
  const { pid, startTime } = record.supervisor;
  if (pid === process.pid) return null;
  const stat = readProcStat(pid);
  return stat && stat.startTime === startTime ? pid : null;
}

/**
 * Finds processes left by a previous supervisor: members of a recorded session
 * that started no earlier than the recorded leader. While any member lives, the
 * kernel will not hand the session id to a new process, so a match is ours.
 */
export function findSurvivors(record: SupervisorRecord): number[] {
  const sessions = new Map(record.processes.map((p) => [p.pid, p.startTime]));
  if (sessions.size === 0) return [];
  const survivors: number[] = [];
  for (const pid of listPids()) {
    const stat = readProcStat(pid);
    if (!stat) continue;
    const leaderStart = sessions.get(stat.session);
    if (leaderStart !== undefined && stat.startTime >= leaderStart && pid !== process.pid) survivors.push(pid);
  }
  return survivors;
}

/** Stops survivors: TERM first, KILL for those still there after `graceMs`. */
export async function stopSurvivors(pids: number[], graceMs = 3000): Promise<void> {
  const identity = new Map(pids.map((pid) => [pid, readProcStat(pid)?.startTime ?? -1]));
  const stillOurs = (pid: number) => isSameProcess(pid, identity.get(pid)!);
  for (const pid of pids) if (stillOurs(pid)) sendSignal(pid, 'SIGTERM', false);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(stillOurs)) await new Promise((r) => setTimeout(r, 25));
  for (const pid of pids) if (stillOurs(pid)) sendSignal(pid, 'SIGKILL', false);
}

/**
 * At start: refuses when the recorded supervisor is still alive; else lets
 * `adopt` take over what keepers held for it (the pids it adopts), then stops
 * whatever else it left behind and says what.
 */
export async function recoverPreviousInstance(
  file: string,
  adopt: (record: SupervisorRecord | null) => Promise<number[]> = () => Promise.resolve([]),
): Promise<{ previousPid: number | null; survivors: number[] }> {
  const record = readRecord(file);
  const owner = record && liveOwner(record);
  if (owner) throw new EngineError('ALREADY_RUNNING', `another drover (pid ${owner}) is already supervising this config (state file ${file})`);
  const adopted = new Set(await adopt(record));
  if (!record) return { previousPid: null, survivors: [] };
  const survivors = findSurvivors({ ...record, processes: record.processes.filter((p) => !adopted.has(p.pid)) });
  await stopSurvivors(survivors);
  return { previousPid: record.supervisor.pid, survivors };
}
