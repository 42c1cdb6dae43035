import { describe, expect, it } from 'vitest';
import type { ProcessDetails } from '../../src/api/supervisor-api.js';
import { detailsLines, fitSections, treeLines } from '../../src/tui/model/details-lines.js';
import { makeStatus } from '../helpers/fake-api.js';

const NOW = Date.now();

const DETAILS: ProcessDetails = {
  status: makeStatus('web:web_00', { pid: 4321, restarts: 2, startedAt: NOW - 65_000 }),
  command: ['uvicorn', 'main:app', '--fd', '3'],
  shell: false,
  cwd: '/srv/app',
  user: 'www-data',
  environment: { PORT: '8000', SECRET_KEY: '***' },
  tree: [
    { pid: 4321, ppid: 1, command: 'uvicorn main:app', rssBytes: 50 * 1024 * 1024 },
    { pid: 4330, ppid: 4321, command: 'python worker', rssBytes: 20 * 1024 * 1024 },
  ],
  exits: [{ at: NOW - 120_000, pid: 4000, exitCode: 1, exitSignal: null, uptimeMs: 3000, expected: false }],
};

describe('detailsLines', () => {
  it('shows command, cwd, user, environment, tree, exits and both sparklines', () => {
    const text = detailsLines(DETAILS, { cpuPercent: [0, 50, 100], rssBytes: [1, 2, 3] }, 100, 30, NOW)
      .map((l) => l.text)
      .join('\n');
    expect(text).toContain('web:web_00  RUNNING  pid 4321  up 1m05s  restarts 2');
    expect(text).toContain('command  uvicorn main:app --fd 3');
    expect(text).toContain('cwd      /srv/app');
    expect(text).toContain('user www-data');
    expect(text).toContain('cpu     100.0%  ▁▅█');
    expect(text).toContain('memory      3B  ▃▆█');
    expect(text).toContain('SECRET_KEY=***');
    expect(text).toContain('  4321    50.0M  uvicorn main:app');
    expect(text).toContain('    4330    20.0M  python worker');
    expect(text).toMatch(/exit 1\s+after 3s\s+unexpected {2}pid 4000/);
  });

  it('never passes the height or the width', () => {
    for (const height of [3, 8, 12, 40]) {
      const lines = detailsLines(DETAILS, { cpuPercent: [], rssBytes: [] }, 40, height, NOW);
      expect(lines.length).toBeLessThanOrEqual(height);
      for (const line of lines) expect(line.text.length).toBeLessThanOrEqual(40);
    }
  });

  it('marks a shell command', () => {
    const text = detailsLines({ ...DETAILS, shell: true, command: ['echo hi && sleep 9'] }, { cpuPercent: [], rssBytes: [] }, 80, 20, NOW);
    expect(text[1]!.text).toBe('command  /bin/sh -c echo hi && sleep 9');
  });
});

describe('fitSections', () => {
  const sections = [
    { heading: 'a', items: ['1', '2', '3', '4'], none: 'none' },
    { heading: 'b', items: [], none: 'nothing' },
    { heading: 'c', items: ['x', 'y'], none: 'none' },
  ];

  it('gives every section its heading and a first line before any gets more', () => {
    expect(fitSections(sections, 6).map((l) => l.text)).toEqual(['a (4)', '  1', 'b', '  nothing', 'c (2)', '  x']);
  });

  it('shares what is left and says how much was cut', () => {
    expect(fitSections(sections, 9).map((l) => l.text)).toEqual(['a (4)', '  1', '  2', '  … 2 more', 'b', '  nothing', 'c (2)', '  x', '  y']);
  });

  it('drops the last sections when even headings do not fit', () => {
    expect(fitSections(sections, 3).map((l) => l.text)).toEqual(['a (4)', '  1', '  … 3 more']);
  });
});

describe('treeLines', () => {
  it('indents each pid under its parent', () => {
    expect(treeLines(DETAILS.tree).map((l) => l.split('  ')[0])).toEqual(['4321', '']);
    expect(treeLines(DETAILS.tree)[1]!.startsWith('  4330')).toBe(true);
  });
});
