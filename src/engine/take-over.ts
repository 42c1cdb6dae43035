import type { Config } from '../config/runtime.js';
import { adoptHeld } from './adopt-held.js';
import { claimSupervision } from './claim.js';
import { readRecord } from './state-file.js';
import { findKeeperSockets, keeperPath, keeperPathsFit } from './keeper-files.js';
import type { PreforkMaster } from './prefork/prefork-master.js';
import type { ProcessSpawner } from './process-spawner.js';
import type { ProcessTable } from './process-table.js';
import type { StateRecorder } from './state-recorder.js';

export interface TakeOverParts {
  config: Config;
  recorder: StateRecorder;
  table: ProcessTable;
  spawner: ProcessSpawner;
  prefork: PreforkMaster;
  note(level: 'info' | 'warn', message: string): void;
}

/**
 * The supervisor's claim on its config: every process listed (STOPPED),
 * then what keepers held for a previous drover adopted (RUNNING, same pids),
 * what else it left stopped, and the pidfile and journal written.
 */
export async function takeOver(parts: TakeOverParts): Promise<Set<string>> {
  const { config, recorder, table, spawner, prefork } = parts;
  const note = (level: 'info' | 'warn', message: string) => parts.note(level, message);
  const warn = (message: string) => note('warn', message);
  const { keepPrograms, socket } = config.supervisor;
  if (keepPrograms && !keeperPathsFit(socket)) {
    warn(`keep_programs: ${keeperPath(socket, 0)} is too long for a unix socket; programs will stop with drover (set supervisor.socket to a shorter path)`);
  }
  // A live ctl scale and ctl stop of the drover taken over from carry over to this one (a changed config's count wins).
  const intents = readRecord(config.supervisor.statefile)?.intents;
  recorder.carryOver(intents);
  for (const program of config.programs) {
    const scaled = intents?.scaled[program.name];
    table.grow(program, scaled && scaled.configured === program.numprocs && scaled.count > 0 ? scaled.count : program.numprocs);
  }
  await claimSupervision(config, recorder, warn, async (record) => {
    const handovers = await spawner.attach(findKeeperSockets(socket));
    const host = {
      processes: () => table.all(),
      programs: () => config.programs,
      adoptSockets: (program: Config['programs'][number], sockets: ReadonlyMap<string, unknown>) => prefork.adopt(program, sockets),
      releaseSockets: (keys: string[]) => spawner.releaseSockets(keys),
      warn,
    };
    const adopted = adoptHeld(host, record, handovers);
    if (adopted.length > 0) note('info', `adopted ${adopted.length} process(es) kept running for the previous drover`);
    return adopted;
  });
  // Kept for a drover whose config kept programs, by one whose config does not: they end with this one.
  if (!keepPrograms) spawner.stopKeeping();
  return new Set(intents?.stopped ?? []);
}
