import type { ProbeCheck, ProbeConfig, ProgramConfig, ReadinessConfig } from '../config/index.js';
import { programMessage, seconds } from './program-facts.js';

/** drover's readiness and liveness probes as Kubernetes probes and a compose healthcheck. */

// The pod's own address is where Kubernetes probes by default; naming one of these would probe the node.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', '::', '[::]']);
// A probe on one of these says the program listens on loopback only, which the kubelet (probing the pod IP) never reaches.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

type Manifest = Record<string, unknown>;

/** The probe's action (httpGet, tcpSocket or exec), or null for a log check, which has none. */
export function kubernetesAction(check: ProbeCheck): Manifest | null {
  switch (check.kind) {
    case 'http': {
      const url = new URL(check.url);
      const https = url.protocol === 'https:';
      const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
      const httpGet: Manifest = { path: `${url.pathname}${url.search}`, port, scheme: https ? 'HTTPS' : 'HTTP' };
      if (!LOCAL_HOSTS.has(url.hostname)) httpGet.host = url.hostname.replace(/^\[|\]$/g, '');
      return { httpGet };
    }
    case 'tcp':
      return { tcpSocket: LOCAL_HOSTS.has(check.host) ? { port: check.port } : { host: check.host, port: check.port } };
    case 'exec':
      return { exec: { command: check.argv } };
    case 'log':
      return null;
  }
}

function timings(probe: ProbeConfig): Manifest {
  return {
    initialDelaySeconds: seconds(probe.initialDelayMs),
    periodSeconds: Math.max(1, seconds(probe.periodMs)),
    timeoutSeconds: Math.max(1, seconds(probe.timeoutMs)),
    successThreshold: probe.successThreshold,
    failureThreshold: probe.failureThreshold,
  };
}

/**
 * readinessProbe, startupProbe and livenessProbe of a container. drover's
 * readiness is what Kubernetes splits in two: traffic waits for it
 * (readinessProbe), and a start not ready within start_timeout is killed
 * (startupProbe).
 */
export function kubernetesProbes(program: ProgramConfig, readiness: ProbeCheck | null, liveness: ProbeCheck | null, warnings: string[]): Manifest {
  const probes: Manifest = {};
  const ready = program.readiness;
  const readyAction = readiness === null ? null : kubernetesAction(readiness);
  if (ready !== null && readyAction !== null) {
    warnOnLoopback(program, 'readiness', readiness!, warnings);
    probes.readinessProbe = { ...readyAction, ...timings(ready) };
    probes.startupProbe = { ...readyAction, ...startupTimings(ready) };
  } else if (ready !== null) warnings.push(programMessage(program, 'readiness', 'not carried over: Kubernetes cannot wait for a line of output'));
  const live = program.liveness;
  const liveAction = liveness === null ? null : kubernetesAction(liveness);
  if (live !== null && liveAction !== null) {
    warnOnLoopback(program, 'liveness', liveness!, warnings);
    // Kubernetes refuses any other success threshold on a liveness probe.
    if (live.successThreshold !== 1) warnings.push(programMessage(program, 'liveness.success_threshold', 'Kubernetes requires 1 for a liveness probe; written as 1'));
    probes.livenessProbe = { ...liveAction, ...timings(live), successThreshold: 1 };
  } else if (live !== null) warnings.push(programMessage(program, 'liveness', 'not carried over: Kubernetes cannot watch for a line of output'));
  return probes;
}

/** An http or tcp probe on loopback: drover probes inside the host, the kubelet from outside the pod. */
function warnOnLoopback(program: ProgramConfig, option: 'readiness' | 'liveness', check: ProbeCheck, warnings: string[]): void {
  const host = check.kind === 'http' ? new URL(check.url).hostname : check.kind === 'tcp' ? check.host : null;
  if (host === null || !LOOPBACK_HOSTS.has(host)) return;
  const never = option === 'readiness' ? 'the pod never becomes ready' : 'the container is restarted again and again';
  warnings.push(
    programMessage(
      program,
      option,
      `probes ${host}, but the kubelet probes the pod's IP: a program listening on ${host} only is never reached there and ${never}; make it listen on 0.0.0.0 (the probe is written without a host)`,
    ),
  );
}

function startupTimings(probe: ReadinessConfig): Manifest {
  const periodSeconds = Math.max(1, seconds(probe.periodMs));
  return {
    initialDelaySeconds: seconds(probe.initialDelayMs),
    periodSeconds,
    timeoutSeconds: Math.max(1, seconds(probe.timeoutMs)),
    successThreshold: 1,
    failureThreshold: Math.max(1, Math.ceil(seconds(probe.startTimeoutMs) / periodSeconds)),
  };
}

/**
 * A compose healthcheck. Compose has one, which depends_on can wait for
 * (readiness), and it never restarts an unhealthy container (liveness). An
 * http check runs curl inside the container.
 */
export function composeHealthcheck(program: ProgramConfig, readiness: ProbeCheck | null, liveness: ProbeCheck | null, warnings: string[]): Manifest | null {
  const chosen = chooseHealthcheck(program, readiness, liveness, warnings);
  if (chosen === null) return null;
  const test = composeTest(chosen.check);
  if (test === null) {
    warnings.push(programMessage(program, chosen.option, `not carried over: a compose healthcheck runs a command, and a ${chosen.check.kind} check has no portable one`));
    return null;
  }
  if (chosen.check.kind === 'http') warnings.push(programMessage(program, chosen.option, 'the healthcheck runs curl: the image must have it'));
  // Failures within start_period do not count: readiness's start_timeout, liveness's initial_delay.
  const startMs = 'startTimeoutMs' in chosen.probe ? chosen.probe.startTimeoutMs : chosen.probe.initialDelayMs;
  return {
    test,
    interval: `${Math.max(1, seconds(chosen.probe.periodMs))}s`,
    timeout: `${Math.max(1, seconds(chosen.probe.timeoutMs))}s`,
    retries: chosen.probe.failureThreshold,
    start_period: `${seconds(startMs)}s`,
  };
}

/** Readiness when there is one (it is what depends_on waits for), else liveness. */
function chooseHealthcheck(
  program: ProgramConfig,
  readiness: ProbeCheck | null,
  liveness: ProbeCheck | null,
  warnings: string[],
): { option: string; check: ProbeCheck; probe: ProbeConfig | ReadinessConfig } | null {
  if (readiness !== null && program.readiness !== null) {
    if (program.liveness !== null)
      warnings.push(programMessage(program, 'liveness', 'not carried over: compose runs one healthcheck (readiness is used) and never restarts an unhealthy container'));
    return { option: 'readiness', check: readiness, probe: program.readiness };
  }
  if (liveness !== null && program.liveness !== null) {
    warnings.push(programMessage(program, 'liveness', 'carried over as a healthcheck, but compose never restarts an unhealthy container'));
    return { option: 'liveness', check: liveness, probe: program.liveness };
  }
  return null;
}

function composeTest(check: ProbeCheck): string[] | null {
  if (check.kind === 'exec') return ['CMD', ...check.argv];
  if (check.kind === 'http') return ['CMD', 'curl', '--fail', '--silent', '--output', '/dev/null', check.url];
  return null;
}
