import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { KeepRun } from './keep-programs.js';
import { isAlive, waitFor } from './wait-for.js';

/** How a supervisor hands its programs to the next one. */
export type HandOver = 'ctl reexec' | 'SIGKILL + start';

export interface ProcessState {
  name: string;
  state: string;
  pid: number | null;
}

/**
 * Replaces the programs of the config `run.configure` wrote, keeping its
 * supervisor section (folders, socket, state journal, keep_programs).
 */
export function setPrograms(run: KeepRun, programs: Record<string, Record<string, unknown>>): void {
  const file = path.join(run.dir, 'programs.yaml');
  // configure() writes JSON, which is YAML.
  const config = JSON.parse(readFileSync(file, 'utf8')) as { programs: unknown };
  config.programs = programs;
  writeFileSync(file, `${JSON.stringify(config, null, 1)}\n`);
}

/** `ctl reexec`: checks it names the old and the new supervisor, waits for the old one to exit; the new pid. */
export async function reexec(run: KeepRun): Promise<number> {
  const old = run.supervisorPid!;
  const result = await run.ctl(['reexec']);
  expect(result.code, `${result.stdout}\n${result.stderr}\n${run.logTail()}`).toBe(0);
  const handed = /re-executed \(pid (\d+) handed over to pid (\d+)\)/.exec(result.stdout);
  expect(handed?.[1], result.stdout).toBe(String(old));
  const next = Number(handed![2]);
  expect(next).not.toBe(old);
  await waitFor(`the old supervisor ${old} to exit`, () => !isAlive(old), 20_000);
  run.supervisorPid = next;
  return next;
}

/** Hands over one way or the other; resolves with the new supervisor's pid once it answers. */
export async function handOver(run: KeepRun, how: HandOver): Promise<number> {
  if (how === 'ctl reexec') return reexec(run);
  await run.killSupervisor();
  return run.startDaemon();
}

/** The processes of `program` (by name prefix), in status order. */
export function processesOf(procs: ProcessState[], program: string): ProcessState[] {
  return procs.filter((p) => p.name.startsWith(`${program}:`));
}

/** The sorted pids of `program`'s RUNNING processes. */
export function runningPidsOf(procs: ProcessState[], program: string): number[] {
  return processesOf(procs, program)
    .filter((p) => p.state === 'RUNNING' && p.pid !== null)
    .map((p) => p.pid!)
    .sort((a, b) => a - b);
}

/** Polls `ctl status --json` until `check` holds; the timeout shows the last answer and drover.log. */
export async function waitForStatus(run: KeepRun, what: string, check: (procs: ProcessState[]) => boolean, timeoutMs = 60_000): Promise<ProcessState[]> {
  let last: ProcessState[] = [];
  try {
    return await waitFor(
      what,
      async () => {
        last = await run.status();
        return check(last) ? last : null;
      },
      timeoutMs,
      50,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; status ${JSON.stringify(last.map((p) => [p.name, p.state, p.pid]))}\n${run.logTail()}`, { cause: err });
  }
}

/** drover.log's lines matching `re`. */
export function droverLogLines(run: KeepRun, re: RegExp): string[] {
  return readFileSync(run.droverLog, 'utf8')
    .split('\n')
    .filter((line) => re.test(line));
}

/** Waits until drover.log holds `count` adoption summaries: the latest hand-over's adoption is done. */
export async function waitForAdoptions(run: KeepRun, count: number): Promise<void> {
  const adopted = /adopted \d+ process\(es\) kept running for the previous drover/;
  await waitFor(`adoption summary number ${count} in drover.log`, () => droverLogLines(run, adopted).length >= count, 60_000);
  expect(droverLogLines(run, adopted)).toHaveLength(count);
}
