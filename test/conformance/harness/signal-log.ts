import { existsSync, readFileSync } from 'node:fs';
import { isAlive } from '../../helpers/wait-for.js';
import { waitUntil } from './observe.js';

/**
 * Reads what fixtures/signal-recorder.py wrote: which process (by role, not
 * pid, since pids differ between the two runs) received which signal. A role
 * started again gets a generation: the second `main` after a restart is `main#2`.
 */

export interface Recorded {
  label: string;
  pid: number;
  events: string[];
}

export function readRecorded(file: string): Recorded[] {
  const byPid = new Map<number, Recorded>();
  const generations = new Map<string, number>();
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  for (const line of text.split('\n')) {
    const [role, pidText, event] = line.split(' ');
    if (!role || !pidText || !event) continue;
    const pid = Number(pidText);
    let entry = byPid.get(pid);
    if (!entry) {
      const generation = (generations.get(role) ?? 0) + 1;
      generations.set(role, generation);
      entry = { label: generation === 1 ? role : `${role}#${generation}`, pid, events: [] };
      byPid.set(pid, entry);
    }
    if (event !== 'up') entry.events.push(event);
  }
  return [...byPid.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** Waits until `count` processes have said they are up (their signal handlers are in place by then). */
export function recordersUp(file: string, count: number, withinMs = 15_000): Promise<boolean> {
  return waitUntil(() => readRecorded(file).length >= count, withinMs);
}

/** `main: TERM; child1: TERM; child2: -`: the signals each recorded process received. */
export function signalsReceived(file: string): string {
  return readRecorded(file)
    .map((r) => `${r.label}: ${r.events.join(',') || '-'}`)
    .join('; ');
}

/**
 * The recorded processes still alive, after giving the dying ones `withinMs`
 * to go: `none`, or their labels. A process that should survive makes this
 * wait the whole window, which is the point of the observation.
 */
export async function survivors(file: string, withinMs = 1500): Promise<string> {
  const alive = () => readRecorded(file).filter((r) => isAlive(r.pid));
  await waitUntil(() => alive().length === 0, withinMs);
  return (
    alive()
      .map((r) => r.label)
      .join(' ') || 'none'
  );
}
