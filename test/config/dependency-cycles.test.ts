import { describe, expect, it } from 'vitest';
import { findDependencyCycles } from '../../src/config/dependency-cycles.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findDependencyCycles', () => {
  it.each([
    ['no edges', { a: [], b: [] }, []],
    ['a chain', { a: ['b'], b: ['c'], c: [] }, []],
    ['a diamond', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, []],
    ['a self-dependency', { a: ['a'] }, [['a', 'a']]],
    ['a two-cycle', { a: ['b'], b: ['a'] }, [['a', 'b', 'a']]],
    ['a three-cycle', { a: ['b'], b: ['c'], c: ['a'] }, [['a', 'b', 'c', 'a']]],
    [
      'two separate cycles',
      { a: ['b'], b: ['a'], c: ['d'], d: ['c'] },
      [
        ['a', 'b', 'a'],
        ['c', 'd', 'c'],
      ],
    ],
    ['a cycle reached from outside', { x: ['a'], a: ['b'], b: ['a'] }, [['a', 'b', 'a']]],
    ['an unknown dependency', { a: ['ghost'] }, []],
  ])('%s', (_, edges, cycles) => {
    expect(findDependencyCycles(graph(edges))).toEqual(cycles);
  });
});
