import type { ConfigSpec, ConformanceCase, Observation, Side } from '../harness/case-types.js';
import { allReached, pidOf, reached, sequenceOf, status, waitUntil } from '../harness/observe.js';
import { SLEEPER } from './fixture-commands.js';

/** supervisorctl says available / disappeared where drover says added / removed: the same news. */
const REREAD_WORDS: Record<string, string> = { available: 'added', added: 'added', disappeared: 'removed', removed: 'removed', changed: 'changed' };

function parseReread(out: string): string {
  const changes: string[] = [];
  for (const line of out.split('\n')) {
    const match = /^(\S+): (\w+)$/.exec(line.trim());
    const word = match ? REREAD_WORDS[match[2]!] : undefined;
    if (word) changes.push(`${match![1]} ${word}`);
  }
  return changes.sort().join(', ') || '(none)';
}

const twoPrograms: ConfigSpec = { programs: { a: { command: SLEEPER }, b: { command: SLEEPER } } };

/** Rewrites the config, then runs reread and update; says what they reported and which pids survived. */
async function rereadAndUpdate(side: Side, next: ConfigSpec, kept: string[]): Promise<Observation> {
  const before = new Map<string, number | null>();
  for (const name of kept) before.set(name, pidOf(side, name));
  side.writeConfig(next);
  const reread = await side.ctl('reread');
  const update = await side.ctl('update');
  const observed: Observation = { 'reread exit': String(reread.code), reread: parseReread(reread.out), 'update exit': String(update.code) };
  for (const name of kept) observed[`${name} kept its pid`] = pidOf(side, name) === before.get(name) ? 'yes' : 'no';
  return observed;
}

/** reread and update: adding, removing and changing programs, and SIGHUP. */
export const updateCases: ConformanceCase[] = [
  {
    name: 'update-adds-program',
    covers: 'reread reports an added program; update starts it and leaves the others running',
    config: { programs: { a: { command: SLEEPER } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      const observed = await rereadAndUpdate(side, twoPrograms, ['a']);
      await reached(side, 'b', 'RUNNING');
      return { ...observed, ...(await status(side)) };
    },
  },
  {
    name: 'update-removes-program',
    covers: 'reread reports a removed program; update stops it and drops it from status',
    config: twoPrograms,
    async observe(side) {
      await allReached(side, ['a', 'b'], 'RUNNING');
      const observed = await rereadAndUpdate(side, { programs: { a: { command: SLEEPER } } }, ['a']);
      await reached(side, 'b', 'STOPPED');
      return { ...observed, 'states b': sequenceOf(side, 'b').join(' '), ...(await status(side)) };
    },
  },
  {
    name: 'update-changes-program',
    covers: 'reread reports a changed command; update restarts that program only',
    config: twoPrograms,
    async observe(side) {
      await allReached(side, ['a', 'b'], 'RUNNING');
      const changed: ConfigSpec = { programs: { a: { command: SLEEPER }, b: { command: '{fixtures}/exit-with.sh 0 999' } } };
      const observed = await rereadAndUpdate(side, changed, ['a', 'b']);
      await reached(side, 'b', 'RUNNING', 15_000, 2);
      return { ...observed, 'states b': sequenceOf(side, 'b').join(' ') };
    },
  },
  {
    name: 'update-unchanged-keeps-all',
    covers: 'reread and update with an unchanged config change nothing',
    config: twoPrograms,
    async observe(side) {
      await allReached(side, ['a', 'b'], 'RUNNING');
      const observed = await rereadAndUpdate(side, twoPrograms, ['a', 'b']);
      await waitUntil(() => sequenceOf(side, 'a').length > 2, 1000);
      return { ...observed, 'states a': sequenceOf(side, 'a').join(' ') };
    },
  },
];
