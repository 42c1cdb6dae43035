/**
 * The Prometheus text format: formatMetrics against the same families built
 * with prom-client (gauges set, counters incremented by the figure), on the
 * inputs of test/server/prometheus.test.ts (a label value with every escape,
 * a process with fractional figures, a stopped one with no figures, and a
 * prefork program). A case agrees when the two texts are the same, line for line.
 */
import { show, Tally } from '../comparison.mjs';
import { microsPerCall } from '../timing.mjs';
import { promClientMetrics } from './prometheus-client.mjs';

/** @typedef {import('../comparison.mjs').Context} Context */
/** @typedef {import('../comparison.mjs').Comparison} Comparison */
/** @typedef {import('../../../src/api/supervisor-api.js').ProcessStatus} ProcessStatus */
/** @typedef {import('../../../src/api/supervisor-api.js').SupervisorInfo} SupervisorInfo */

const NOW = 1_700_000_100_000;

/** @param {Partial<SupervisorInfo>} [overrides] @returns {SupervisorInfo} */
function info(overrides = {}) {
  return {
    pid: 4242,
    version: '1.2.3',
    configFile: '/srv/programs.yaml',
    socket: '/srv/run/drover.sock',
    startedAt: NOW - 90_500,
    hostname: 'box1',
    statsIntervalMs: 1000,
    processes: 1,
    eventClients: 0,
    prefork: [],
    programs: [],
    ...overrides,
  };
}

/** test/helpers/ctl-fixtures.ts's processStatus. @param {Partial<ProcessStatus>} [overrides] @returns {ProcessStatus} */
function processStatus(overrides = {}) {
  const name = overrides.name ?? 'web:web_00';
  const [program = '', processName = ''] = name.split(':');
  return {
    name,
    program,
    processName,
    group: program,
    num: 0,
    state: 'RUNNING',
    pid: 4242,
    description: 'pid 4242',
    restarts: 0,
    exitCode: null,
    exitSignal: null,
    uptimeMs: 62_000,
    startedAt: 1_700_000_000_000,
    lastExitAt: null,
    ready: null,
    cpuPercent: 3.14,
    rssBytes: 12.3 * 1024 * 1024,
    cpuSeconds: 42.5,
    scaledToZero: false,
    done: false,
    ...overrides,
  };
}

/** The inputs of prometheus.test.ts's four cases. @type {[string, SupervisorInfo, ProcessStatus[]][]} */
const CASES = [
  ['escaped label values', info(), [processStatus({ name: 'web:we"b\\0\n1', processName: 'we"b\\0\n1' })]],
  ['seconds and fractions', info(), [processStatus({ uptimeMs: 62_500, startedAt: NOW - 62_500, cpuSeconds: 0.1 + 0.2, rssBytes: 5_000_000, restarts: 3 })]],
  ['missing figures', info(), [processStatus({ state: 'FATAL', pid: null, uptimeMs: 0, startedAt: null, cpuSeconds: null, rssBytes: null, ready: null })]],
  [
    'prefork counts',
    info({ prefork: [{ program: 'site', desiredWorkers: 2, reloads: 4, failedReloads: 1 }] }),
    [
      processStatus({ name: 'site:site_00', state: 'RUNNING' }),
      processStatus({ name: 'site:site_01', state: 'BACKOFF' }),
      processStatus({ name: 'other:other_00', state: 'RUNNING' }),
    ],
  ],
];

/** @param {Context} context @returns {Promise<Comparison[]>} */
export async function comparePromClient(context) {
  const { formatMetrics } = await context.ours('server/prometheus.js');
  const { ProcessState } = await context.ours('api/process-state.js');
  const promClient = await context.library('prom-client');
  const states = /** @type {string[]} */ (Object.values(ProcessState));
  const tally = new Tally();
  for (const [label, supervisor, processes] of CASES) {
    // prom-client puts a blank line between families; the format allows it, so blank lines are left out.
    const ours = lines(formatMetrics(supervisor, processes, NOW));
    const theirs = lines(await promClientMetrics(promClient, states, supervisor, processes, NOW));
    const at = ours.findIndex((line, i) => line !== theirs[i]);
    const differs = at !== -1 || ours.length !== theirs.length;
    tally.check(!differs, () => {
      const i = at === -1 ? Math.min(ours.length, theirs.length) : at;
      return `${label}: line ${i + 1} is ${show(ours[i])} in ours, ${show(theirs[i])} from prom-client`;
    });
  }
  const many = Array.from({ length: 1000 }, (_, i) => processStatus({ name: `web:web_${String(i).padStart(4, '0')}`, cpuSeconds: i / 7 }));
  const oursUs = microsPerCall(() => formatMetrics(info(), many, NOW), 20);
  await promClientMetrics(promClient, states, info(), many, NOW); // warm-up, as microsPerCall gives ours
  const started = performance.now();
  for (let i = 0; i < 20; i++) await promClientMetrics(promClient, states, info(), many, NOW);
  const theirsUs = ((performance.now() - started) * 1000) / 20;
  return [
    {
      piece: 'Prometheus text format',
      files: ['src/server/prometheus.ts'],
      library: 'prom-client',
      cases: tally.cases,
      disagreements: tally.disagreements,
      examples: tally.examples,
      measurements: [
        `one scrape of 1,000 processes: ours ${(oursUs / 1000).toFixed(1)} ms, prom-client ${(theirsUs / 1000).toFixed(1)} ms (registry rebuilt from a status answer, as ours is)`,
      ],
      verdict:
        "keep ours: the same text but for rounding (0.30000000000000004), at 4 packages, 3 MB and the slowest load of all the candidates, and slower per scrape: prom-client is built for counters a program increments, drover's figures are a snapshot of a status answer",
      oursModule: 'server/prometheus.js',
    },
  ];
}

/** The non-blank lines of an exposition. @param {string} text */
function lines(text) {
  return text.split('\n').filter((line) => line !== '');
}
