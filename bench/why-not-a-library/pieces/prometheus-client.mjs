/**
 * drover's /metrics families written with prom-client: what
 * src/server/prometheus.ts would become after a switch. The names, help texts
 * and values are formatMetrics's; only the writing is prom-client's.
 */

/** @typedef {import('../../../src/api/supervisor-api.js').ProcessStatus} ProcessStatus */
/** @typedef {import('../../../src/api/supervisor-api.js').SupervisorInfo} SupervisorInfo */
/** @typedef {{ labels: Record<string, string>, value: number }} Sample */
/** @typedef {{ name: string, type: 'gauge' | 'counter', help: string, labelNames: string[], samples: Sample[] }} Family */

/**
 * @param {any} promClient  the prom-client module
 * @param {string[]} states  every ProcessState
 * @param {SupervisorInfo} info
 * @param {ProcessStatus[]} processes
 * @param {number} now
 * @returns {Promise<string>}
 */
export async function promClientMetrics(promClient, states, info, processes, now) {
  const { Registry, Gauge, Counter } = promClient.Registry === undefined ? promClient.default : promClient;
  const registry = new Registry();
  for (const family of families(states, info, processes, now)) {
    const Metric = family.type === 'counter' ? Counter : Gauge;
    const metric = new Metric({ name: family.name, help: family.help, labelNames: family.labelNames, registers: [registry] });
    for (const { labels, value } of family.samples) {
      if (family.type === 'counter') metric.inc(labels, value);
      else metric.set(labels, value);
    }
  }
  return registry.metrics();
}

/**
 * @param {string[]} states
 * @param {SupervisorInfo} info
 * @param {ProcessStatus[]} processes
 * @param {number} now
 * @returns {Family[]}
 */
function families(states, info, processes, now) {
  const processLabels = ['program', 'process'];
  /** @param {ProcessStatus} p */
  const labelsOf = (p) => ({ program: p.program, process: p.processName });
  /** @param {(p: ProcessStatus) => number | null} pick @returns {Sample[]} */
  const each = (pick) =>
    processes.flatMap((p) => {
      const value = pick(p);
      return value === null ? [] : [{ labels: labelsOf(p), value }];
    });
  /** @param {(c: SupervisorInfo['prefork'][number]) => number} pick @returns {Sample[]} */
  const per = (pick) => info.prefork.map((c) => ({ labels: { program: c.program }, value: pick(c) }));
  /** @param {string} program */
  const running = (program) => processes.filter((p) => p.program === program && p.state === 'RUNNING').length;
  return [
    {
      name: 'drover_info',
      type: 'gauge',
      help: 'Always 1; the labels say which drover this is.',
      labelNames: ['version'],
      samples: [{ labels: { version: info.version }, value: 1 }],
    },
    {
      name: 'drover_start_time_seconds',
      type: 'gauge',
      help: 'When the supervisor started, in seconds since the epoch.',
      labelNames: [],
      samples: [{ labels: {}, value: info.startedAt / 1000 }],
    },
    {
      name: 'drover_uptime_seconds',
      type: 'gauge',
      help: 'How long the supervisor has been running.',
      labelNames: [],
      samples: [{ labels: {}, value: Math.max(0, now - info.startedAt) / 1000 }],
    },
    {
      name: 'drover_process_state',
      type: 'gauge',
      help: `1 for the state the process is in, 0 for the others (${states.join(', ')}).`,
      labelNames: [...processLabels, 'state'],
      samples: processes.flatMap((p) => states.map((state) => ({ labels: { ...labelsOf(p), state }, value: p.state === state ? 1 : 0 }))),
    },
    {
      name: 'drover_process_restarts_total',
      type: 'counter',
      help: 'Times the process was started again after its first start.',
      labelNames: processLabels,
      samples: each((p) => p.restarts),
    },
    {
      name: 'drover_process_uptime_seconds',
      type: 'gauge',
      help: 'How long the current child has been running; 0 when none runs.',
      labelNames: processLabels,
      samples: each((p) => p.uptimeMs / 1000),
    },
    {
      name: 'drover_process_start_time_seconds',
      type: 'gauge',
      help: 'When the current child started, in seconds since the epoch (only while one runs).',
      labelNames: processLabels,
      samples: each((p) => (p.startedAt === null ? null : p.startedAt / 1000)),
    },
    {
      name: 'drover_process_cpu_seconds_total',
      type: 'counter',
      help: 'CPU time (user + system) of the process and everything it forked, since it started.',
      labelNames: processLabels,
      samples: each((p) => p.cpuSeconds),
    },
    {
      name: 'drover_process_resident_memory_bytes',
      type: 'gauge',
      help: 'Resident memory of the process and everything it forked.',
      labelNames: processLabels,
      samples: each((p) => p.rssBytes),
    },
    {
      name: 'drover_process_ready',
      type: 'gauge',
      help: '1 while the readiness probe passes, else 0 (only for programs with a readiness probe).',
      labelNames: processLabels,
      samples: each((p) => (p.ready === null ? null : Number(p.ready))),
    },
    {
      name: 'drover_prefork_workers_desired',
      type: 'gauge',
      help: 'Workers a prefork program should have: workers in the config, or the last ctl scale.',
      labelNames: ['program'],
      samples: per((c) => c.desiredWorkers),
    },
    {
      name: 'drover_prefork_workers_running',
      type: 'gauge',
      help: 'Workers of a prefork program in the RUNNING state.',
      labelNames: ['program'],
      samples: per((c) => running(c.program)),
    },
    {
      name: 'drover_prefork_reloads_total',
      type: 'counter',
      help: 'Rolling reloads of a prefork program begun since the supervisor started.',
      labelNames: ['program'],
      samples: per((c) => c.reloads),
    },
    {
      name: 'drover_prefork_reload_failures_total',
      type: 'counter',
      help: 'Rolling reloads aborted because a new worker never got ready.',
      labelNames: ['program'],
      samples: per((c) => c.failedReloads),
    },
  ];
}
