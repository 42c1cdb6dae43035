import { isDeepStrictEqual } from 'node:util';
import type { Config, ProgramConfig } from '../config/types.js';

/** What `reread` shows and `update` applies. */
export interface ConfigDiff {
  added: string[];
  changed: string[];
  removed: string[];
  /** Settings that only take effect when the supervisor restarts. */
  supervisorChanged: string[];
}

/** Everything that changes how a program runs; its position in the file (or its probes' positions) does not. */
function runtimeShape(program: ProgramConfig): Omit<ProgramConfig, 'source'> {
  const { source: _source, ...rest } = program;
  const withoutSource = <T extends { source: unknown }>(probe: T | null) => (probe === null ? null : { ...probe, source: null });
  return { ...rest, readiness: withoutSource(rest.readiness), liveness: withoutSource(rest.liveness) } as Omit<ProgramConfig, 'source'>;
}

/** Supervisor settings an update applies at once (the host moves the metrics listener); the others need drover restarted. */
const LIVE_SETTINGS = new Set<string>(['statsIntervalMs', 'watchConfig', 'metrics']);

export function diffConfigs(before: Config, after: Config): ConfigDiff {
  const old = new Map(before.programs.map((p) => [p.name, p]));
  const next = new Map(after.programs.map((p) => [p.name, p]));
  const diff: ConfigDiff = { added: [], changed: [], removed: [], supervisorChanged: [] };
  for (const [name, program] of next) {
    const previous = old.get(name);
    if (!previous) diff.added.push(name);
    else if (!isDeepStrictEqual(runtimeShape(previous), runtimeShape(program))) diff.changed.push(name);
  }
  for (const name of old.keys()) if (!next.has(name)) diff.removed.push(name);
  for (const key of Object.keys(after.supervisor) as (keyof Config['supervisor'])[]) {
    if (before.supervisor[key] !== after.supervisor[key] && !LIVE_SETTINGS.has(key)) diff.supervisorChanged.push(key);
  }
  return diff;
}


/** The new config, except programs outside `only` keep their old definitions. */
export function mergeConfig(current: Config, next: Config, only?: string[]): Config {
  if (!only) return next;
  const programs = next.programs.filter((p) => only.includes(p.name) || current.programs.some((c) => c.name === p.name));
  const merged = programs.map((p) => (only.includes(p.name) ? p : current.programs.find((c) => c.name === p.name)!));
  const kept = current.programs.filter((c) => !only.includes(c.name) && !merged.includes(c));
  return { ...next, programs: [...merged, ...kept] };
}
