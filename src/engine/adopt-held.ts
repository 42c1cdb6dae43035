import { createHash } from 'node:crypto';
import type { ProgramConfig } from '../config/runtime.js';
import type { Handover } from './keeper-handover.js';
import type { ManagedProcess } from './managed-process.js';
import type { SpawnedChild } from './spawn-child.js';
import type { RecordedProcess, SupervisorRecord } from './state-file.js';
import { sendSignal } from './signals.js';
import { heldSocketKey } from './prefork/socket-registry.js';

/**
 * A new drover takes over what keepers held for the previous one (see
 * docs/keeping-programs.md). A held child is adopted by the process its
 * journal line names, when that process is still in the config with the
 * same program settings; it keeps its pid, start time and restart count.
 * A prefork program's listening sockets come back the same way, so they
 * never closed. A held child nothing adopts (its program was removed or
 * changed, or no journal line names it) is stopped, as the state file's
 * survivors are.
 */

/** How long a held child nothing adopts has after SIGTERM to its group before SIGKILL. */
const STRAY_GRACE_MS = 3000;

const fingerprints = new WeakMap<ProgramConfig, string>();

/**
 * What must be the same for a process to be adopted rather than restarted:
 * every program setting except how many processes it runs (a scale changes
 * that, and the processes kept are the same ones).
 */
export function programFingerprint(program: ProgramConfig): string {
  let fingerprint = fingerprints.get(program);
  if (fingerprint === undefined) {
    const { numprocs: _numprocs, ...settings } = program;
    fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('base64url').slice(0, 22);
    fingerprints.set(program, fingerprint);
  }
  return fingerprint;
}

export interface AdoptionHost {
  processes(): ManagedProcess[];
  programs(): ProgramConfig[];
  /** Takes a prefork program's sockets back from the handed-over ones; false when they were not all there. */
  adoptSockets(program: ProgramConfig, sockets: ReadonlyMap<string, unknown>): boolean;
  /** Keepers let go of sockets no program takes. */
  releaseSockets(keys: string[]): void;
  warn(message: string): void;
}

/** Adopts what it can of the handovers; resolves with the pids adopted (their sessions are not survivors to stop). */
export function adoptHeld(host: AdoptionHost, record: SupervisorRecord | null, handovers: Handover[]): number[] {
  const sockets = new Map(handovers.flatMap((handover) => [...handover.sockets]));
  const taken = new Set<string>();
  for (const program of host.programs()) {
    if (!program.prefork || !host.adoptSockets(program, sockets)) continue;
    for (const address of program.prefork.bind) taken.add(heldSocketKey(program.name, address));
  }
  const unused = [...sockets.keys()].filter((key) => !taken.has(key));
  for (const key of unused) (sockets.get(key) as { close?: () => void } | undefined)?.close?.();
  if (unused.length > 0) host.releaseSockets(unused);

  const recorded = new Map((record?.processes ?? []).map((entry) => [entry.pid, entry]));
  const previousDrover = record?.supervisor.pid ?? 0;
  const adopted: number[] = [];
  const names = new Set(host.processes().map((proc) => proc.name));
  const named = (child: SpawnedChild) => (names.has(recorded.get(child.pid)?.name ?? '') ? 0 : 1);
  // Children whose process is still there by name go first: the others take what is left.
  for (const child of handovers.flatMap((handover) => handover.children).sort((a, b) => named(a) - named(b))) {
    const entry = recorded.get(child.pid);
    const proc = entry && adopterOf(host.processes(), entry, taken);
    if (proc && entry) {
      proc.adopt(child, { startedAt: entry.startedAt ?? Date.now(), restarts: entry.restarts ?? 0, previousDrover });
      adopted.push(child.pid);
    } else stopStray(child, entry, strayReason(host.processes(), entry), (message) => host.warn(message));
  }
  return adopted;
}

/**
 * The process that takes a held child: the one its journal line names, else
 * (a rolling reload renumbers workers) another idle process of its program;
 * only on the same program settings, and for prefork with its sockets back.
 */
function adopterOf(processes: ManagedProcess[], entry: RecordedProcess, socketsTaken: ReadonlySet<string>): ManagedProcess | undefined {
  const named = processes.find((candidate) => candidate.name === entry.name);
  const program = named?.program ?? processes.find((candidate) => programFingerprint(candidate.program) === entry.program)?.program;
  if (!program || entry.program !== programFingerprint(program)) return undefined;
  if (program.prefork && !program.prefork.bind.every((address) => socketsTaken.has(heldSocketKey(program.name, address)))) return undefined;
  const idle = (proc: ManagedProcess) => proc.program === program && proc.child === null && proc.state === 'STOPPED' && !proc.scaledToZero;
  return named && idle(named) ? named : processes.find(idle);
}

/** Why nothing adopts a held child, for the warning. */
function strayReason(processes: ManagedProcess[], entry: RecordedProcess | undefined): string {
  if (!entry) return 'the state file does not name it';
  if (processes.some((proc) => programFingerprint(proc.program) === entry.program)) return 'its program runs fewer processes now';
  return 'its program is gone from the config or changed';
}

/** A held child nothing adopts: TERM to its group, KILL after the grace, its output let go once it ended. */
function stopStray(child: SpawnedChild, entry: RecordedProcess | undefined, reason: string, warn: (message: string) => void): void {
  warn(`stopping pid ${child.pid}${entry ? ` (${entry.name})` : ''}, kept for the previous drover: ${reason}`);
  child.stdout.resume();
  child.stderr.resume();
  const kill = setTimeout(() => sendSignal(child.pid, 'SIGKILL', true), STRAY_GRACE_MS);
  child.onExit(() => {
    clearTimeout(kill);
    child.stdout.destroy();
    child.stderr.destroy();
    child.notify?.destroy();
  });
  sendSignal(child.pid, 'SIGTERM', true);
}
