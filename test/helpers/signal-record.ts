import { readFileSync } from 'node:fs';

/** One line of what test/fixtures/programs/records-signals.mjs wrote. */
export interface SignalRecord {
  pid: number;
  role: 'main' | 'child';
  /** `ready`, or the signal received: `SIGHUP`, `SIGUSR1`, … */
  what: string;
}

/** The space-separated words of each line a fixture appended to `file` (nothing when it is not there yet). */
export function readRecordLines(file: string): string[][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '));
}

/** Everything the fixture recorded so far. */
export function readSignalRecords(file: string): SignalRecord[] {
  return readRecordLines(file).map(([pid, role, what]) => ({ pid: Number(pid), role: role as SignalRecord['role'], what: what! }));
}

/** The signals `role` received, in order (the ready lines left out). */
export function signalsOf(file: string, role: SignalRecord['role']): string[] {
  return readSignalRecords(file)
    .filter((r) => r.role === role && r.what !== 'ready')
    .map((r) => r.what);
}

/** How many main and child processes have installed their handlers (said ready). */
export function readyCount(file: string): { main: number; child: number } {
  const ready = readSignalRecords(file).filter((r) => r.what === 'ready');
  return { main: ready.filter((r) => r.role === 'main').length, child: ready.filter((r) => r.role === 'child').length };
}
