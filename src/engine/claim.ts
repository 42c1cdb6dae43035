import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/runtime.js';
import { recoverPreviousInstance, type SupervisorRecord } from './state-file.js';
import type { StateRecorder } from './state-recorder.js';

/**
 * Takes over a config for this supervisor: refuses (ALREADY_RUNNING) if a
 * live drover supervises it, adopts what keepers held for a previous one
 * (`adopt`), stops what else it left behind (reported through `warn`), writes
 * the pidfile and opens the state journal.
 */
export async function claimSupervision(
  config: Config,
  recorder: StateRecorder,
  warn: (message: string) => void,
  adopt?: (record: SupervisorRecord | null) => Promise<number[]>,
): Promise<void> {
  const found = await recoverPreviousInstance(config.supervisor.statefile, adopt);
  if (found.survivors.length > 0) {
    warn(`found ${found.survivors.length} process(es) left by a previous drover (pid ${found.previousPid}); stopped them: ${found.survivors.join(', ')}`);
  }
  mkdirSync(path.dirname(config.supervisor.pidfile), { recursive: true, mode: 0o700 });
  writeFileSync(config.supervisor.pidfile, `${process.pid}\n`);
  recorder.begin();
}
