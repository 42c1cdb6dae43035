import { commandRunsUvicorn, type Config, type LogConfig, type ProgramConfig } from '../config/index.js';
import { programMessage } from './program-facts.js';

/**
 * Options of a program that the exported files cannot express, said once per
 * program and option, so nobody believes a setting still holds. What each
 * exporter does map (restart policy, probes, memory limit, …) is not listed.
 */

export type ExportTarget = 'systemd' | 'compose' | 'kubernetes';

const DEFAULT_PRIORITY = 999;

interface Rule {
  option: string;
  applies: (program: ProgramConfig) => boolean;
  message: (target: ExportTarget, program: ProgramConfig) => string | null;
}

const RULES: Rule[] = [
  {
    option: 'watch',
    applies: (p) => p.watch !== null,
    message: (t) =>
      t === 'systemd' ? 'not carried over: nothing restarts the units when a file changes (a .path unit could)' : 'not carried over: rebuild and redeploy the image instead',
  },
  {
    option: 'cron_restart',
    applies: (p) => p.cronRestart !== null,
    message: (t, p) =>
      t === 'systemd'
        ? `not carried over: a timer (OnCalendar=) running systemctl restart on the instances does it, for "${p.cronRestart!.expression}"`
        : t === 'kubernetes'
          ? 'not carried over: a CronJob running kubectl rollout restart does it'
          : 'not carried over: compose has no scheduled restarts',
  },
  {
    option: 'hooks',
    applies: (p) => Object.keys(p.prefork?.hooks ?? {}).length > 0,
    message: () => 'not carried over: the hooks are run by the drover master, which the exported files do without',
  },
  {
    option: 'max_cpu',
    applies: (p) => p.maxCpu !== null,
    message: (t) => `not carried over: ${t === 'systemd' ? 'CPUQuota=' : 'a CPU limit'} throttles rather than restarts, so none is written`,
  },
  {
    option: 'readiness',
    applies: (p) => p.readiness !== null,
    message: (t) => (t === 'systemd' ? 'not carried over: systemd does not probe; a Type=simple unit counts as started at once' : null),
  },
  {
    option: 'liveness',
    applies: (p) => p.liveness !== null,
    message: (t) => (t === 'systemd' ? 'not carried over: systemd does not probe (WatchdogSec= needs the program to call sd_notify)' : null),
  },
  {
    option: 'ready_when',
    applies: (p) => (p.prefork?.readyWhenLog ?? null) !== null,
    message: (t) => `not carried over: ${t === 'systemd' ? 'systemd' : 'a container runtime'} cannot wait for a line of output`,
  },
  {
    option: 'uvicorn_drain',
    applies: (p) => p.prefork !== null && p.prefork.uvicornDrain && commandRunsUvicorn(p.command),
    message: () => "not carried over: uvicorn runs as written, so on a stop it resets idle keep-alive connections (drover's drain is the master's)",
  },
  {
    option: 'reload_signal',
    applies: (p) => p.reloadSignal !== null,
    message: (t, p) =>
      t === 'systemd'
        ? null
        : t === 'compose'
          ? `not carried over: compose has no reload; docker compose kill -s ${p.reloadSignal} SERVICE sends the signal`
          : `not carried over: Kubernetes has no reload; kubectl exec POD -- kill -s ${p.reloadSignal} 1 sends the signal`,
  },
  {
    option: 'priority',
    applies: (p) => p.priority !== DEFAULT_PRIORITY,
    message: (t) => (t === 'kubernetes' ? 'not carried over: Kubernetes starts everything at once' : 'not carried over: only depends_on orders the start'),
  },
  {
    option: 'umask',
    applies: (p) => p.umask !== null,
    message: (t) => (t === 'systemd' ? null : 'not carried over: set it in the image (or the entrypoint)'),
  },
  {
    option: 'stdout_logfile',
    applies: (p) => p.stdout.target.kind === 'file',
    message: (t) => (t === 'systemd' ? null : 'not carried over: a container writes its output to the container log'),
  },
  {
    option: 'stderr_logfile',
    applies: (p) => p.stderr.target.kind === 'file' && !p.redirectStderr,
    message: (t) => (t === 'systemd' ? null : 'not carried over: a container writes its output to the container log'),
  },
  {
    option: 'stdout_logfile_maxbytes',
    applies: (p) => rotates(p.stdout) || (!p.redirectStderr && rotates(p.stderr)),
    message: (t) => (t === 'systemd' ? 'not carried over: StandardOutput=append: never rotates; use logrotate (copytruncate)' : null),
  },
  {
    option: 'max_requests_jitter',
    applies: (p) => (p.prefork?.maxRequestsJitter ?? 0) > 0,
    message: (t) => (t === 'systemd' ? 'not carried over: every worker recycles after max_requests' : null),
  },
  {
    option: 'max_requests',
    applies: (p) => (p.prefork?.maxRequests ?? 0) > 0,
    message: (t) => (t === 'systemd' ? null : "not carried over: the container runs the app without drover's worker runtime"),
  },
];

function rotates(log: LogConfig): boolean {
  return log.target.kind === 'file' && log.maxBytes > 0;
}

/** A warning for each option of the program that the target cannot express. */
export function notCarriedOver(program: ProgramConfig, target: ExportTarget): string[] {
  return RULES.flatMap((rule) => {
    if (!rule.applies(program)) return [];
    const message = rule.message(target, program);
    return message === null ? [] : [programMessage(program, rule.option, message)];
  });
}

/** What the config says beyond its programs that only a running drover does. */
export function configNotCarriedOver(config: Config, target: ExportTarget): string[] {
  const warnings: string[] = [];
  if (Object.keys(config.groups).length > 0) {
    const instead = target === 'systemd' ? 'one target starts every program' : target === 'compose' ? 'profiles can start services together' : 'a label can select them together';
    warnings.push(`${config.file}: groups: not carried over (they name programs for drover ctl); ${instead}`);
  }
  if (config.supervisor.metrics !== null) warnings.push(`${config.file}: supervisor.metrics: not carried over: no drover runs to serve /metrics`);
  return warnings;
}
