import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CTL_VERBS } from '../../src/api/verbs.js';

/**
 * The README lists ctl's verbs in a table of its own (one row may name a few, and a count such as `+N` is no verb:
 * `start` / `stop` / `restart PATTERN...`). Every verb of the verb table has a
 * row there, and the README names no verb ctl does not have.
 */
const README = new URL('../../README.md', import.meta.url);

function readmeVerbs(): string[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('| `drover ctl` verb |');
  expect(start, 'README.md has its table of ctl verbs').toBeGreaterThanOrEqual(0);
  const rows = text.slice(start).split('\n').slice(2);
  const verbs: string[] = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const firstCell = row.split('|')[1]!;
    for (const [, verb] of firstCell.matchAll(/`([a-z]+)/g)) verbs.push(verb!);
  }
  return verbs;
}

describe('README.md', () => {
  it("lists exactly ctl's verbs from the verb table", () => {
    expect([...new Set(readmeVerbs())].sort()).toEqual([...CTL_VERBS].sort());
  });
});
