import path from 'node:path';
import type { RawProbe } from './probe-options.js';
import type { RawProgram } from './schema.js';
import type { CpuLimit, ProbeConfig, ReadinessConfig, SourcePosition, WatchConfig } from './types.js';
import type { RawWatch } from './watch-options.js';

/**
 * Defaults and paths for the options that watch a program and restart it:
 * watch, readiness, liveness and the resource limits. Values were parsed by
 * the schema; here only what depends on the program or its folder is filled.
 */

const DEFAULT_DEBOUNCE_MS = 500;
const DEFAULT_TIMEOUT_MS = 1000;
const DEFAULT_SUCCESS_THRESHOLD = 1;
const DEFAULT_FAILURE_THRESHOLD = 3;
const DEFAULT_READINESS_PERIOD_MS = 1000;
const DEFAULT_LIVENESS_PERIOD_MS = 10_000;
const DEFAULT_START_TIMEOUT_MS = 60_000;
const DEFAULT_CPU_WINDOW_MS = 60_000;

export function normalizeWatch(raw: RawWatch | undefined, type: RawProgram['type'], dir: string): WatchConfig | null {
  if (raw === undefined) return null;
  return {
    // path.resolve leaves glob characters alone, so globs stay globs.
    paths: raw.paths.map((entry) => path.resolve(dir, entry)),
    // A bare name (node_modules, *.log) means that name at any depth, as in .gitignore.
    ignore: raw.ignore.map((entry) => (entry.includes('/') ? path.resolve(dir, entry) : path.join(dir, '**', entry))),
    debounceMs: raw.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    // A prefork program can swap its workers without dropping a request.
    action: raw.action ?? (type === 'prefork' ? 'reload' : 'restart'),
  };
}

export function normalizeReadiness(raw: RawProbe | undefined, source: SourcePosition): ReadinessConfig | null {
  if (raw === undefined) return null;
  return { ...probe(raw, source, DEFAULT_READINESS_PERIOD_MS), startTimeoutMs: raw.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS };
}

// A liveness probe runs for as long as the process does, so it checks less often.
export function normalizeLiveness(raw: RawProbe | undefined, source: SourcePosition): ProbeConfig | null {
  return raw === undefined ? null : probe(raw, source, DEFAULT_LIVENESS_PERIOD_MS);
}

function probe(raw: RawProbe, source: SourcePosition, periodMs: number): ProbeConfig {
  return {
    check: raw.check,
    source,
    initialDelayMs: raw.initialDelayMs ?? 0,
    periodMs: raw.periodMs ?? periodMs,
    timeoutMs: raw.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    successThreshold: raw.successThreshold ?? DEFAULT_SUCCESS_THRESHOLD,
    failureThreshold: raw.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD,
  };
}

export function normalizeMaxCpu(percent: number | undefined, windowMs: number | undefined): CpuLimit | null {
  return percent === undefined ? null : { percent, windowMs: windowMs ?? DEFAULT_CPU_WINDOW_MS };
}
