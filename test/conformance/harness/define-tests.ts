import { appendFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { CaseResult, ConformanceCase, Observation } from './case-types.js';
import { runCase } from './run-case.js';

/** Cases of one file running at once: each is mostly waiting, but two cores share every file. */
const CONCURRENT_CASES = 4;
let running = 0;
const queue: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finished case hands its slot straight to the next one waiting, so none can slip in between.
  if (running >= CONCURRENT_CASES) await new Promise<void>((resolve) => queue.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
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
      test.concurrent(
        c.name,
        async () => {
          const record = (result: CaseResult) => {
            const sink = process.env.CONFORMANCE_RESULTS;
            if (sink) appendFileSync(sink, JSON.stringify({ table, index, ...result }) + '\n');
          };
          let result: CaseResult;
          try {
            result = await withSlot(() => runCase(c));
          } catch (err) {
            // The table must not lose a case whose run broke: it is a row too.
            const note = `the case could not run: ${(err as Error).message.split('\n')[0]}`;
            record({ name: c.name, covers: c.covers, supervisord: null, drover: {}, verdict: 'DIFFERENT', note });
            throw err;
          }
          record(result);
          expect(result.verdict, explain(result)).not.toBe('DIFFERENT');
        },
        90_000,
      );
    });
  });
}
