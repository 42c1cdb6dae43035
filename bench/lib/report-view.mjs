/** The view scenario's table (scenarios/view.mjs). */
import { cell } from './report-cells.mjs';
import { summarize } from './stats.mjs';

/** The view scenario: drover only (supervisord has no interactive view), steady and changing side by side. */
/** @type {{ label: string, unit: string, get: (x: import('./results-types.mjs').ViewRun) => number | null, d: number, target: string }[]} */
const VIEW_FIGURES = [
  { label: 'view process CPU (drover attach)', unit: '% of 1 core', get: (x) => x.viewCpuPercent, d: 2, target: '< 5 %' },
  { label: 'daemon CPU (supervisor + helpers, not the programs)', unit: '% of 1 core', get: (x) => x.daemonCpuPercent, d: 2, target: '< 5 %' },
  { label: 'bytes to the terminal', unit: 'KB/s', get: (x) => x.kbPerSec, d: 2, target: '< 20 KB/s (steady)' },
  { label: 'redraws (output bursts)', unit: '/s', get: (x) => x.burstsPerSec, d: 2, target: '' },
  { label: 'bytes per redraw, median', unit: 'B', get: (x) => x.burstBytesMedian, d: 0, target: '' },
  { label: 'pty relay (script) CPU', unit: '% of 1 core', get: (x) => x.scriptCpuPercent, d: 2, target: '' },
  { label: 'view RSS, end of window', unit: 'MB', get: (x) => x.viewRssMB, d: 1, target: '' },
  { label: 'bytes the view read (control socket events)', unit: 'KB/s', get: (x) => x.viewReadKBPerSec, d: 1, target: '' },
  {
    label: 'on-screen CPU figures changed between samples',
    unit: '%',
    get: (x) => (x.cpuChangedFraction === null || x.cpuChangedFraction === undefined ? null : x.cpuChangedFraction * 100),
    d: 0,
    target: '',
  },
];

export const VIEW_HEADER = ['figure', 'unit', 'nothing changes: median [min–max] (n)', 'every figure changes: median [min–max] (n)', 'target'];

/** @param {import('./results-types.mjs').Results} results */
export function viewTable(results) {
  const v = results.scenarios.view;
  if (!v) return null;
  const rows = VIEW_FIGURES.map((f) => {
    const steady = summarize((v.steady ?? []).map(f.get).filter((x) => x !== null && x !== undefined));
    const changing = summarize((v.changing ?? []).map(f.get).filter((x) => x !== null && x !== undefined));
    return { figure: f.label, unit: f.unit, steady, changing, decimals: f.d, target: f.target };
  });
  const title = `Interactive view: \`drover attach\` in an ${v.cols}×${v.rows} pty on a \`drover --daemon\` with ${v.programs} processes, stats every ${v.statsIntervalS} s, ${v.windowS} s windows (drover only: supervisord has no such view)`;
  return { title, rows, cells: rows.map((r) => [r.figure, r.unit, cell(r.steady, r.decimals), cell(r.changing, r.decimals), r.target || '—']) };
}
