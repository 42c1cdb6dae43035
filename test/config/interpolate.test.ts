import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/config/interpolate.js';

const vars: Record<string, string> = { A: 'x', PORT: '8000', EMPTY: '' };
const lookup = (name: string) => vars[name];

describe('interpolate', () => {
  it.each([
    ['plain', 'plain', false],
    ['${A}', 'x', true],
    ['a-${A}-b', 'a-x-b', true],
    ['${A}${PORT}', 'x8000', true],
    ['${MISSING:-def}', 'def', true],
    ['${EMPTY:-def}', 'def', true],
    ['${A:-def}', 'x', true],
    ['${MISSING:-}', '', true],
    ['${MISSING:-a b:c}', 'a b:c', true],
    ['${EMPTY}', '', true],
    ['$$', '$', false],
    ['$${A}', '${A}', false],
    ['cost: $$5', 'cost: $5', false],
    ['echo $HOME', 'echo $HOME', false],
    ['trailing $', 'trailing $', false],
  ])('%j → %j', (input, value, substituted) => {
    expect(interpolate(input, lookup)).toEqual({ value, substituted, references: expect.any(Array), problems: [] });
  });

  it('lists each reference replaced, with its default and the value used (exports keep them as variables)', () => {
    expect(interpolate('${A}-${MISSING:-def}-$${B}-${EMPTY:-e}', lookup).references).toEqual([
      { name: 'A', fallback: null, value: 'x' },
      { name: 'MISSING', fallback: 'def', value: 'def' },
      { name: 'EMPTY', fallback: 'e', value: 'e' },
    ]);
  });

  it('reports an unset variable with its index', () => {
    expect(interpolate('x ${NOPE}', lookup).problems).toEqual([
      {
        index: 2,
        reference: '${NOPE}',
        message: '${NOPE} is not set: set it in the environment or in .env beside the config, or give a default with ${NOPE:-value}',
      },
    ]);
  });

  it('reports every unset variable in one value', () => {
    expect(interpolate('${U} and ${V}', lookup).problems.map((p) => [p.index, p.reference])).toEqual([
      [0, '${U}'],
      [9, '${V}'],
    ]);
  });

  it.each([
    ['${1A}', 'expected ${NAME} or ${NAME:-default}, got "${1A}"'],
    ['${A:=x}', 'expected ${NAME} or ${NAME:-default}, got "${A:=x}"'],
    ['${}', 'expected ${NAME} or ${NAME:-default}, got "${}"'],
    ['x ${A', 'expected a closing } for "${A", got the end of the value (write $$ for a literal $)'],
  ])('rejects %j', (input, message) => {
    expect(interpolate(input, lookup).problems.map((p) => p.message)).toEqual([message]);
  });
});
