import { isDeepStrictEqual } from 'node:util';
import type { ConfigDiff } from '../api/supervisor-api.js';
import { type Config, groupNameOf, type ProgramConfig } from '../config/runtime.js';

/** What `reread` shows and `update` applies. */

/** Everything that changes how a program runs; its position in the file (or its probes' positions) does not. */
function runtimeShape(program: ProgramConfig): Omit<ProgramConfig, 'source'> {
  const { source: _source, ...rest } = program;
  const withoutSource = <T extends { source: unknown }>(probe: T | null) => (probe === null ? null : { ...probe, source: null });
  return { ...rest, readiness: withoutSource(rest.readiness), liveness: withoutSource(rest.liveness) };
}

/** Supervisor settings an update applies at once (the host moves the metrics listener); the others need drover restarted. */
const LIVE_SETTINGS = new Set<string>(['statsIntervalMs', 'watchConfig', 'metrics']);

/**
 * A program that moved into, out of or between `groups:` entries is changed:
 * its processes' names are `group:process`, so they are replaced under their
 * new names, as supervisord replaces a group whose programs changed.
 */
function movedGroup(before: Config, after: Config, name: string): boolean {
  return groupNameOf(before.groups, name) !== groupNameOf(after.groups, name);
}

export function diffConfigs(before: Config, after: Config): ConfigDiff {
  const old = new Map(before.programs.map((p) => [p.name, p]));
  const next = new Map(after.programs.map((p) => [p.name, p]));
  const diff: ConfigDiff = { added: [], changed: [], removed: [], supervisorChanged: [] };
  for (const [name, program] of next) {
    const previous = old.get(name);
    if (!previous) diff.added.push(name);
    else if (!isDeepStrictEqual(runtimeShape(previous), runtimeShape(program)) || movedGroup(before, after, name)) diff.changed.push(name);
  }
  for (const name of old.keys()) if (!next.has(name)) diff.removed.push(name);
  for (const key of Object.keys(after.supervisor) as (keyof Config['supervisor'])[]) {
    if (before.supervisor[key] !== after.supervisor[key] && !LIVE_SETTINGS.has(key)) diff.supervisorChanged.push(key);
  }
  return diff;
}

/** The new config, except programs outside `only` keep their old definitions, and their old groups. */
export function mergeConfig(current: Config, next: Config, only?: string[]): Config {
  if (!only) return next;
  const programs = next.programs.filter((p) => only.includes(p.name) || current.programs.some((c) => c.name === p.name));
  const merged = programs.map((p) => (only.includes(p.name) ? p : current.programs.find((c) => c.name === p.name)!));
  const kept = current.programs.filter((c) => !only.includes(c.name) && !merged.includes(c));
  return { ...next, programs: [...merged, ...kept], groups: mergeGroups(current.groups, next.groups, only) };
}

/**
 * The groups of `next` for the programs in `only`, the current ones for the
 * rest: a process not replaced keeps its `group:process` name, so its group
 * must stay the one that name says.
 */
function mergeGroups(current: Config['groups'], next: Config['groups'], only: string[]): Config['groups'] {
  const merged: Config['groups'] = {};
  const take = (groups: Config['groups'], wanted: (member: string) => boolean) => {
    for (const [group, members] of Object.entries(groups)) {
      for (const member of members.filter(wanted)) (merged[group] ??= []).push(member);
    }
  };
  take(next, (member) => only.includes(member));
  take(current, (member) => !only.includes(member));
  return merged;
}
