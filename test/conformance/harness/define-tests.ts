import { appendFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { CaseResult, ConformanceCase, Observation } from './case-types.js';
import { runCase } from './run-case.js';

/** Cases of one file running at once: each is mostly waiting, but two cores share every file. */
const CONCURRENT_CASES = 4;
let running = 0;
const queue: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENT_CASES) await new Promise<void>((resolve) => queue.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    queue.shift()?.();
  }
}

function describeObservation(observed: Observation | null): string {
  if (!observed) return '(not run)';
  return Object.entries(observed)
    .map(([key, value]) => `  ${key}: ${value}`)
    .join('\n');
}

export function explain(result: CaseResult): string {
  return `${result.name}: ${result.verdict} ${result.note}\nsupervisord:\n${describeObservation(result.supervisord)}\ndrover:\n${describeObservation(result.drover)}`;
}

/**
 * One test per case, asserting that drover does what supervisord does (or
 * differs only as documented). With CONFORMANCE_RESULTS set (npm run
 * conformance), each result is also appended there as a JSON line for the table.
 */
export function defineCaseTests(table: string, cases: ConformanceCase[]): void {
  describe(`conformance with supervisord: ${table}`, () => {
    cases.forEach((c, index) => {
      test.concurrent(c.name, async () => {
        const result = await withSlot(() => runCase(c));
        const sink = process.env.CONFORMANCE_RESULTS;
        if (sink) appendFileSync(sink, JSON.stringify({ table, index, ...result }) + '\n');
        expect(result.verdict, explain(result)).not.toBe('DIFFERENT');
      }, 90_000);
    });
  });
}
