import { afterEach, expect, it, vi } from 'vitest';
import type { ProcessRowProps } from '../../src/tui/components/ProcessRow.js';
import { FakeApi, makeProgram } from '../helpers/fake-api.js';
import { renderView, type RenderedView } from './render-view.js';

/** Counts how often a row's body runs: the cost the memo is there to save. */
const rowRenders = vi.hoisted(() => ({ count: 0 }));

vi.mock('../../src/tui/components/ProcessRow.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/tui/components/ProcessRow.js')>();
  const { memo } = await import('react');
  const body = (original.ProcessRow as unknown as { type: (props: ProcessRowProps) => React.ReactNode }).type;
  return {
    ProcessRow: memo(function CountedRow(props: ProcessRowProps) {
      rowRenders.count++;
      return body(props);
    }),
  };
});

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

/** A thousand running processes with no uptime shown, so the clock changes no row. */
function thousand(): FakeApi {
  return new FakeApi([...makeProgram('web', 500, { startedAt: null }), ...makeProgram('work', 500, { startedAt: null })]);
}

const usage = (api: FakeApi, cpu: (i: number) => number) => api.processes.map((p, i) => ({ name: p.name, pid: p.pid!, cpuPercent: cpu(i), rssBytes: 1024 * 1024, pids: [p.pid!] }));

it('a stats event for 1,000 processes re-renders at most the visible rows', async () => {
  const api = thousand();
  view = await renderView(api);
  await view.waitForText('web_001');
  const visibleRows = 18;
  expect(rowRenders.count).toBeLessThanOrEqual(visibleRows * 3);

  rowRenders.count = 0;
  api.sendStats(usage(api, (i) => i % 10));
  await view.waitForText('1000.0M');
  expect(rowRenders.count).toBeGreaterThan(0);
  expect(rowRenders.count).toBeLessThanOrEqual(visibleRows);
});

it('a stats event that changes rows off screen renders only the totals row it changes', async () => {
  const api = thousand();
  view = await renderView(api);
  await view.waitForText('web_001');
  api.sendStats(usage(api, () => 1));
  await view.waitForText('1000.0M');
  rowRenders.count = 0;
  // Only processes far below the window change.
  api.sendStats(usage(api, (i) => (i > 900 ? 50 : 1)));
  await view.waitForText('cpu 5851.0%');
  // Of the visible rows, only the all row's totals changed (the work program row is far below).
  expect(rowRenders.count).toBe(1);
});
