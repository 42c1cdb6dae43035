import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { httpRequest } from './control-harness.js';
import type { ImportedCorpusConfig, ProgramOptions } from './corpus-import.js';
import { findRealCommand, ONE_SHOT_STAND_IN, STAND_IN, userExists } from './corpus-stand-in.js';
import { DaemonHarness } from './daemon-harness.js';
import { isAlive, waitFor } from './wait-for.js';

export interface RanProcess {
  name: string;
  program: string;
  group: string;
  state: string;
  pid: number | null;
}

export interface RunOutcome {
  processes: RanProcess[];
  /** Programs that were started with their own command (the others ran a stand-in, or were not started). */
  real: string[];
  /** Pids of programs still alive after the daemon's shutdown. */
  leftovers: number[];
}

/** Console and "no log" destinations need no folder; every other log is a file. */
const NOT_FILES = new Set(['auto', 'AUTO', 'none', 'NONE', 'console']);

/**
 * The imported config made runnable here, meaning unchanged: missing commands
 * become a stand-in, and what belongs to the image (socket, pidfile, logdir,
 * absolute log files) moves into the run's folder. A user or directory this
 * machine lacks is dropped: the stand-in needs neither.
 */
export function makeRunnable(imported: ImportedCorpusConfig, runDir: string): { doc: Record<string, unknown>; real: string[] } {
  const doc = parse(imported.yaml) as { supervisor?: Record<string, unknown>; programs: Record<string, ProgramOptions> };
  if (doc.supervisor) for (const key of ['socket', 'pidfile', 'logdir']) delete doc.supervisor[key];
  const real: string[] = [];
  for (const [name, options] of Object.entries(doc.programs)) {
    const command = findRealCommand(options, imported.dir);
    if (command !== null) real.push(name);
    options.command = command ?? (options.type === 'oneshot' ? ONE_SHOT_STAND_IN : STAND_IN);
    if (typeof options.user === 'string' && !userExists(options.user)) delete options.user;
    if (typeof options.directory === 'string' && !existsSync(path.resolve(imported.dir, options.directory))) delete options.directory;
    for (const key of ['stdout_logfile', 'stderr_logfile']) {
      const file = options[key];
      if (typeof file !== 'string' || NOT_FILES.has(file) || /^\/(dev|proc)\//.test(file)) continue;
      const moved = path.isAbsolute(file) ? path.join(runDir, 'files', file) : path.join(runDir, file);
      mkdirSync(path.dirname(moved), { recursive: true });
      options[key] = moved;
    }
  }
  return { doc, real };
}

/** The state a process reaches when its config is followed: a done one-shot EXITED, autostart=false STOPPED. */
export function impliedState(options: ProgramOptions, env: Record<string, string>): string {
  if (options.type === 'oneshot') return 'EXITED';
  const written = options.autostart ?? true;
  // A boolean, or text holding ${VAR}; JSON writes a boolean or a number as String() does.
  const autostart = (typeof written === 'string' ? written : JSON.stringify(written)).replace(/^\$\{(\w+)\}$/, (_, name: string) => env[name] ?? '');
  return ['false', 'no', 'off', '0'].includes(autostart.toLowerCase()) ? 'STOPPED' : 'RUNNING';
}

/**
 * Runs the runnable variant under a real `drover --daemon` until every process
 * is in its implied state, then shuts the daemon down and looks for leftovers.
 */
export async function runUnderDaemon(imported: ImportedCorpusConfig, env: Record<string, string>): Promise<RunOutcome> {
  const harness = new DaemonHarness();
  try {
    const { doc, real } = makeRunnable(imported, harness.dir);
    harness.writeConfig(stringify(doc));
    const started = await harness.startDaemon([], env);
    if (started.code !== 0) throw new Error(`drover --daemon exited ${started.code}:\n${started.stdout}\n${started.stderr}`);
    const programs = (doc as { programs: Record<string, ProgramOptions> }).programs;
    let seen: RanProcess[] = [];
    const settled = () => seen.length > 0 && seen.every((p) => p.state === impliedState(programs[p.program] ?? {}, env));
    await waitFor(
      'every process in the state its config implies',
      async () => {
        seen = (await httpRequest(harness.socket, 'GET', '/v1/processes')).json as RanProcess[];
        return settled();
      },
      45_000,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nstates: ${seen.map((p) => `${p.name}=${p.state}`).join(', ')}`);
    });
    await harness.rememberPrograms();
    const pids = seen.map((p) => p.pid).filter((pid): pid is number => pid !== null);
    await httpRequest(harness.socket, 'POST', '/v1/shutdown');
    if (started.pid !== null) await waitFor('the daemon to exit after shutdown', () => !isAlive(started.pid!), 30_000);
    const startedPrograms = new Set(seen.filter((p) => p.state !== 'STOPPED').map((p) => p.program));
    return { processes: seen, real: real.filter((name) => startedPrograms.has(name)), leftovers: pids.filter(isAlive) };
  } finally {
    await harness.cleanup();
  }
}
