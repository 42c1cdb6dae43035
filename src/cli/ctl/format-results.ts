import type { ActionResult, ConfigDiff } from '../../api/supervisor-api.js';
import { resultsOf, type ResultsVerb } from '../../api/verbs.js';

/** What a verb did to a process, for the `name: done` lines: the verbs whose table row gives ctl `results`. */
export type ActionVerb = ResultsVerb;

/**
 * `web:web_00: started`, or `web:web_00: ERROR FATAL (can't find command 'x')`
 * when the action failed: the state it ended in and why.
 */
export function formatActionResult(verb: ActionVerb, result: ActionResult): string {
  if (!result.ok) return `${result.name}: ERROR ${result.state}${result.message ? ` (${result.message})` : ''}`;
  return `${result.name}: ${doneWord(verb, result)}`;
}

function doneWord(verb: ActionVerb, result: ActionResult): string {
  switch (verb) {
    case 'signal':
      // The supervisor says which signal it sent (`sent SIGHUP`).
      return result.message || resultsOf(verb).done;
    case 'reload':
      // A reload_signal reload says so (`reloaded (sent SIGHUP)`): the process was signalled, not replaced.
      return /^sent SIG/.test(result.message) ? `reloaded (${result.message})` : resultsOf(verb).done;
    case 'scale':
      // Scaling down answers `removed` for each process it took away; up, the new processes' starts.
      return result.message === 'removed' ? 'removed' : resultsOf(verb).done;
    default:
      return resultsOf(verb).done;
  }
}

export function anyFailed(results: ActionResult[]): boolean {
  return results.some((r) => !r.ok);
}

/** The config file's name for a supervisor setting the engine reports by its internal name. */
const SETTING_NAMES: Record<string, string> = { statsIntervalMs: 'stats_interval' };

/**
 * `reread` (what would change) and `update` (what changed): one line per
 * program, then supervisor settings, which only a restart applies.
 */
export function formatDiff(diff: ConfigDiff, applied: boolean): string[] {
  const lines = [
    ...diff.added.map((name) => `${name}: added${applied ? ' (started)' : ''}`),
    ...diff.changed.map((name) => `${name}: changed${applied ? ' (restarted)' : ''}`),
    ...diff.removed.map((name) => `${name}: removed${applied ? ' (stopped)' : ''}`),
    ...(diff.supervisorChanged ?? []).map((key) => `supervisor.${SETTING_NAMES[key] ?? key}: changed (takes effect when the supervisor restarts)`),
  ];
  return lines.length > 0 ? lines : ['no changes'];
}
