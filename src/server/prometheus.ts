import { ProcessState } from '../api/process-state.js';
import type { ProcessStatus, SupervisorApi, SupervisorInfo } from '../api/supervisor-api.js';

/**
 * GET /metrics: what `ctl status` and `ctl info` know, in Prometheus's text
 * exposition format (version 0.0.4), so a Prometheus server can scrape a
 * supervisor. Built from the SupervisorApi only, like every other client view.
 */

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

interface Family {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  samples: { labels: Labels; value: number }[];
}

const STATES = Object.values(ProcessState);

/** Asks the API for what the metrics show, and writes them out. */
export async function renderMetrics(api: SupervisorApi, now: () => number = Date.now): Promise<string> {
  const [info, processes] = await Promise.all([api.info(), api.status()]);
  return formatMetrics(info, processes, now());
}

export function formatMetrics(info: SupervisorInfo, processes: ProcessStatus[], now: number): string {
  return [...supervisorFamilies(info, now), ...processFamilies(processes), ...preforkFamilies(info, processes)].map(formatFamily).join('');
}

function supervisorFamilies(info: SupervisorInfo, now: number): Family[] {
  return [
    family('drover_info', 'gauge', 'Always 1; the labels say which drover this is.', [{ labels: { version: info.version }, value: 1 }]),
    family('drover_start_time_seconds', 'gauge', 'When the supervisor started, in seconds since the epoch.', [{ labels: {}, value: info.startedAt / 1000 }]),
    family('drover_uptime_seconds', 'gauge', 'How long the supervisor has been running.', [{ labels: {}, value: Math.max(0, now - info.startedAt) / 1000 }]),
  ];
}

function processFamilies(processes: ProcessStatus[]): Family[] {
  const each = (pick: (p: ProcessStatus) => number | null) =>
    processes.flatMap((p) => {
      const value = pick(p);
      return value === null ? [] : [{ labels: processLabels(p), value }];
    });
  return [
    family(
      'drover_process_state',
      'gauge',
      `1 for the state the process is in, 0 for the others (${STATES.join(', ')}).`,
      processes.flatMap((p) => STATES.map((state) => ({ labels: { ...processLabels(p), state }, value: p.state === state ? 1 : 0 }))),
    ),
    family(
      'drover_process_restarts_total',
      'counter',
      'Times the process was started again after its first start.',
      each((p) => p.restarts),
    ),
    family(
      'drover_process_uptime_seconds',
      'gauge',
      'How long the current child has been running; 0 when none runs.',
      each((p) => p.uptimeMs / 1000),
    ),
    family(
      'drover_process_start_time_seconds',
      'gauge',
      'When the current child started, in seconds since the epoch (only while one runs).',
      each((p) => (p.startedAt === null ? null : p.startedAt / 1000)),
    ),
    family(
      'drover_process_cpu_seconds_total',
      'counter',
      'CPU time (user + system) of the process and everything it forked, since it started.',
      each((p) => p.cpuSeconds),
    ),
    family(
      'drover_process_resident_memory_bytes',
      'gauge',
      'Resident memory of the process and everything it forked.',
      each((p) => p.rssBytes),
    ),
    family(
      'drover_process_ready',
      'gauge',
      '1 while the readiness probe passes, else 0 (only for programs with a readiness probe).',
      each((p) => (p.ready === null ? null : Number(p.ready))),
    ),
  ];
}

function preforkFamilies(info: SupervisorInfo, processes: ProcessStatus[]): Family[] {
  const per = (pick: (counts: SupervisorInfo['prefork'][number]) => number) => info.prefork.map((counts) => ({ labels: { program: counts.program }, value: pick(counts) }));
  const running = (program: string) => processes.filter((p) => p.program === program && p.state === 'RUNNING').length;
  return [
    family(
      'drover_prefork_workers_desired',
      'gauge',
      'Workers a prefork program should have: workers in the config, or the last ctl scale.',
      per((c) => c.desiredWorkers),
    ),
    family(
      'drover_prefork_workers_running',
      'gauge',
      'Workers of a prefork program in the RUNNING state.',
      per((c) => running(c.program)),
    ),
    family(
      'drover_prefork_reloads_total',
      'counter',
      'Rolling reloads of a prefork program begun since the supervisor started.',
      per((c) => c.reloads),
    ),
    family(
      'drover_prefork_reload_failures_total',
      'counter',
      'Rolling reloads aborted because a new worker never got ready.',
      per((c) => c.failedReloads),
    ),
  ];
}

function family(name: string, type: Family['type'], help: string, samples: Family['samples']): Family {
  return { name, type, help, samples };
}

function processLabels(p: ProcessStatus): Labels {
  return { program: p.program, process: p.processName };
}

function formatFamily({ name, type, help, samples }: Family): string {
  const lines = [`# HELP ${name} ${help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`, `# TYPE ${name} ${type}`];
  for (const { labels, value } of samples) lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
  return `${lines.join('\n')}\n`;
}

function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** The exposition format's escapes in a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  // Milliseconds and clock ticks: three decimals say all there is, without 0.30000000000000004.
  return String(Math.round(value * 1000) / 1000);
}
