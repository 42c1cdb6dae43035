import type { ProcessDetails, ProcessStatus, ProgramSummary } from '../../api/supervisor-api.js';
import { fitSections, userLine, type PaneLine, type Section } from './details-lines.js';
import { formatUptime, truncate } from './format.js';
import { countStates } from './totals.js';

/** What the program pane knows: the program from info(), its processes, and its first process's details. */
export interface ProgramFacts {
  program: string;
  /** null until info() answered. */
  summary: ProgramSummary | null;
  /** The program's processes, in the supervisor's order. */
  processes: readonly ProcessStatus[];
  /** details() of the first process (cwd, user, environment); null while loading, or when no process runs the program. */
  first: ProcessDetails | null;
}

/**
 * The details pane of a program of several processes: what it runs, how many,
 * where it listens, what says it is ready, how its processes are doing; then
 * each process and the program's environment sharing what is left.
 */
export function programDetailsLines(facts: ProgramFacts, width: number, height: number, now: number): PaneLine[] {
  const { summary, processes, first } = facts;
  const counted = processes.filter((p) => !p.scaledToZero);
  const restarts = counted.reduce((sum, p) => sum + p.restarts, 0);
  const counts = countStates(counted.map((p) => p.state))
    .map(({ state, count }) => `${count} ${state}`)
    .join(', ');
  const kind = summary !== null && summary.bind.length > 0 ? 'workers' : 'processes';
  const wanted = summary === null ? '' : ` of ${summary.processes}`;
  const head: PaneLine[] = [
    { text: `${facts.program}  ${counted.length}${wanted} ${kind}${counts === '' ? '' : ` (${counts})`}  restarts ${restarts}`, tone: 'heading' },
    { text: `command    ${summary?.command ?? (first ? first.command.join(' ') : '…')}`, tone: 'plain' },
  ];
  if (summary !== null && summary.bind.length > 0) head.push({ text: `bind       ${summary.bind.join(', ')}`, tone: 'plain' });
  if (summary?.readiness) head.push({ text: `readiness  ${summary.readiness}: ${readyCounts(counted)}`, tone: 'plain' });
  if (first) head.push({ text: `cwd        ${first.cwd}    ${userLine(first.user)}`, tone: 'plain' });
  const sections: Section[] = [{ heading: kind, items: counted.map((p) => processLine(p, now)), none: '(scaled to 0)' }];
  if (first) {
    const environment = first.environment;
    const items = Object.keys(environment)
      .sort()
      .map((key) => `${key}=${environment[key]}`);
    sections.push({ heading: 'environment', items, none: '(nothing set by the program)' });
  }
  const lines = [...head, ...fitSections(sections, height - head.length)].slice(0, Math.max(0, height));
  return lines.map((line) => ({ ...line, text: truncate(line.text, width) }));
}

function readyCounts(processes: readonly ProcessStatus[]): string {
  const ready = processes.filter((p) => p.ready === true).length;
  const notReady = processes.filter((p) => p.ready === false).length;
  return notReady === 0 ? `${ready} ready` : `${ready} ready, ${notReady} NOT READY`;
}

function processLine(process: ProcessStatus, now: number): string {
  const up = process.pid !== null && process.startedAt !== null ? formatUptime(now - process.startedAt) : '-';
  const ready = process.ready === null ? '' : process.ready ? '  ready' : '  NOT READY';
  return `${process.processName.padEnd(12)} ${process.state.padEnd(9)} pid ${String(process.pid ?? '-').padEnd(7)} up ${up.padEnd(6)} restarts ${process.restarts}${ready}`;
}
