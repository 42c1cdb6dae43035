import type { Observation, Side } from './case-types.js';

/**
 * Turning what each supervisor did into strings that compare equal when the
 * behaviour is the same: state sequences, ctl outcomes, and waiting for them.
 */

const STATES = new Set(['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL', 'UNKNOWN']);

/** Polls `check` until it holds or `withinMs` passes; false then (an observation window, not an error). */
export async function waitUntil(check: () => boolean | Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The states a process went through, in order (each change's new state). */
export function sequenceOf(side: Side, processName: string): string[] {
  return side
    .transitions()
    .filter((t) => t.process === processName)
    .map((t) => t.to);
}

export function states(side: Side, ...processNames: string[]): Observation {
  const observed: Observation = {};
  for (const name of processNames) observed[`states ${name}`] = sequenceOf(side, name).join(' ') || '(none)';
  return observed;
}

/** Waits until `processName` has entered `state` `times` times; false after `withinMs`. */
export function reached(side: Side, processName: string, state: string, withinMs = 15_000, times = 1): Promise<boolean> {
  return waitUntil(() => sequenceOf(side, processName).filter((s) => s === state).length >= times, withinMs);
}

/** Waits until every named process has entered `state` at least once. */
export function allReached(side: Side, processNames: string[], state: string, withinMs = 15_000): Promise<boolean> {
  return waitUntil(() => processNames.every((name) => sequenceOf(side, name).includes(state)), withinMs);
}

/** The order in which processes first entered `state`. */
export function orderOf(side: Side, state: string): string {
  const order: string[] = [];
  for (const t of side.transitions()) if (t.to === state && !order.includes(t.process)) order.push(t.process);
  return order.join(' ');
}

/** `name STATE` per process from `status` output of either ctl, by process name, sorted. */
export function parseStatus(out: string): string {
  const rows: string[] = [];
  for (const line of out.split('\n')) {
    const [name, state] = line.trim().split(/\s+/);
    if (!name || !state || !STATES.has(state)) continue;
    rows.push(`${name.slice(name.lastIndexOf(':') + 1)} ${state}`);
  }
  return rows.sort().join(', ') || '(none)';
}

/** `name STATE` per process from `status` output, with the whole name (`grp:ga`) as printed, sorted. */
export function parseStatusNames(out: string): string {
  const rows: string[] = [];
  for (const line of out.split('\n')) {
    const [name, state] = line.trim().split(/\s+/);
    if (name && state && STATES.has(state)) rows.push(`${name} ${state}`);
  }
  return rows.sort().join(', ') || '(none)';
}

/** Runs `status ARGS` and says its exit code and the processes it listed by their whole names. */
export async function statusNames(side: Side, ...args: string[]): Promise<Observation> {
  const result = await side.ctl('status', ...args);
  const label = ['status', ...args].join(' ');
  return { [`${label} exit`]: String(result.code), [`${label} names`]: parseStatusNames(result.out) };
}

/**
 * Runs a ctl action and says its exit code and the names its `name: what`
 * lines give (supervisorctl says `stopped` and `started` for a restart,
 * drover `restarted`: the names are what a script reads).
 */
export async function actionNames(side: Side, ...args: string[]): Promise<Observation> {
  const result = await side.ctl(...args);
  const names = new Set<string>();
  for (const line of result.out.split('\n')) {
    const match = /^(\S+): /.exec(line.trim());
    if (match) names.add(match[1]!);
  }
  const label = args.join(' ');
  return { [`${label} exit`]: String(result.code), [`${label} names`]: [...names].sort().join(', ') || '(none)' };
}

/** Runs `status ARGS` and says its exit code and the states it listed. */
export async function status(side: Side, ...args: string[]): Promise<Observation> {
  const result = await side.ctl('status', ...args);
  const label = ['status', ...args].join(' ');
  return { [`${label} exit`]: String(result.code), [label]: parseStatus(result.out) };
}

/** Runs a ctl command and records only its exit code (the wording differs between the two). */
export async function ctlCode(side: Side, ...args: string[]): Promise<Observation> {
  const result = await side.ctl(...args);
  return { [`${args.join(' ')} exit`]: String(result.code) };
}

/**
 * The pid of a process's current run: the one reported when it last became
 * RUNNING, or null when it is not RUNNING now. Read from the state changes,
 * not from a ctl call, which costs a second of Python start-up under load.
 */
export function pidOf(side: Side, processName: string): number | null {
  const mine = side.transitions().filter((t) => t.process === processName);
  const last = mine.at(-1);
  return last?.to === 'RUNNING' ? last.pid : null;
}

/** Replaces the side's own temp folder in a text, so that both sides' paths read the same. */
export function withoutDir(text: string, side: Side): string {
  return text.replaceAll(side.dir, '{dir}');
}
