import { describe, expect, it } from 'vitest';
import { startOrder, stopWaves, withDependencies } from '../../src/engine/start-order.js';

const p = (name: string, priority: number, dependsOn: string[] = []) => ({ name, priority, dependsOn });

describe('startOrder', () => {
  it('starts lower priority first and keeps file order within a priority', () => {
    const order = startOrder([p('c', 999), p('a', 10), p('b', 999), p('d', 5)]).map((x) => x.name);
    expect(order).toEqual(['d', 'a', 'c', 'b']);
  });
});

describe('stopWaves', () => {
  it('stops higher priority first, dependents before what they depend on', () => {
    const waves = stopWaves([p('db', 1), p('web', 999, ['db']), p('cache', 500), p('worker', 10, ['web'])]).map((w) => w.map((x) => x.name));
    // worker depends on web, so web waits for worker even though web has the higher priority.
    expect(waves).toEqual([['cache'], ['worker'], ['web'], ['db']]);
  });

  it('stops a whole priority level together', () => {
    expect(stopWaves([p('a', 5), p('b', 5), p('c', 1)]).map((w) => w.map((x) => x.name))).toEqual([['a', 'b'], ['c']]);
  });
});

describe('withDependencies', () => {
  it('adds transitive dependencies', () => {
    const programs = new Map([p('a', 1, ['b']), p('b', 1, ['c']), p('c', 1), p('d', 1)].map((x) => [x.name, x]));
    expect([...withDependencies(['a'], programs)].sort()).toEqual(['a', 'b', 'c']);
  });
});
