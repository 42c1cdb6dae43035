import { closeSync, openSync, writeSync } from 'node:fs';
import { readProcStat } from './proc-fs.js';
import { applyIntent, describeSelf, removeRecord, writeRecord, type IntentLine, type Intents, type RecordedProcess } from './state-file.js';

/** Rewrite the journal once it holds this many lines per live process (plus slack). */
const COMPACT_FACTOR = 4;
const COMPACT_SLACK = 256;

/** What is recorded of a spawn besides its pid and kernel start time (see RecordedProcess). */
export type SpawnDetails = Omit<RecordedProcess, 'pid' | 'startTime'>;

/** Runs the spawn records' write later (see StateRecorder); tests may pass one that runs at once. */
export type DeferWrite = (write: () => void) => void;

/** On the next turn of the loop, after the current one's state lines went out (setImmediate would run before them). */
const nextTurn: DeferWrite = (write) => void setTimeout(write, 0);

/**
 * Keeps the state file in step with the live children: one appended line per
 * spawn and per exit, so that a supervisor killed later has recorded the
 * children it had started. A spawn is recorded on the next turn of the loop,
 * not at once: done then, the /proc read of its start time (while the child
 * is still in its exec) and the write would sit between a crashed program's
 * respawn and its RUNNING line. A child already exists unrecorded from the
 * helper's fork until its "spawned" is handled; the deferral adds one turn to
 * that window, and the spawns of a burst go out in one write.
 */
export class StateRecorder {
  private readonly self = describeSelf();
  private readonly live = new Map<number, RecordedProcess>();
  /** Spawned children whose record is not written yet, by pid. */
  private readonly unrecorded = new Map<number, SpawnDetails>();
  private writeScheduled = false;
  private intents: Intents = { stopped: [], scaled: {} };
  private fd: number | null = null;
  private lines = 0;

  constructor(
    private readonly file: string,
    private readonly onError: (message: string) => void,
    private readonly defer: DeferWrite = nextTurn,
  ) {}

  /** Starts a fresh journal for this supervisor. */
  begin(): void {
    this.compact();
  }

  recordSpawn(name: string, pid: number, details: Omit<SpawnDetails, 'name'> = {}): void {
    this.unrecorded.set(pid, { name, ...details });
    if (this.writeScheduled) return;
    this.writeScheduled = true;
    this.defer(() => this.writeSpawns());
  }

  /** A user's request the config does not say (see Intents): kept for a next drover that adopts the programs. */
  recordIntent(line: IntentLine): void {
    applyIntent(this.intents, line);
    this.append([JSON.stringify(line)]);
  }

  /** What users asked for, carried over from the supervisor this one took over from. */
  carryOver(intents: Intents | undefined): void {
    if (intents) this.intents = { stopped: [...intents.stopped], scaled: { ...intents.scaled } };
  }

  recordExit(pid: number): void {
    if (this.unrecorded.delete(pid)) return; // ended before its record was written: nothing to clean up later
    if (!this.live.delete(pid)) return;
    this.append([JSON.stringify({ exit: pid })]);
    if (this.lines > this.live.size * COMPACT_FACTOR + COMPACT_SLACK) this.compact();
  }

  /** Writes the spawns not recorded yet now (a supervisor about to hand over or exit). */
  flush(): void {
    if (this.unrecorded.size > 0) this.writeSpawns();
  }

  remove(): void {
    this.unrecorded.clear();
    this.closeFd();
    removeRecord(this.file);
  }

  private writeSpawns(): void {
    this.writeScheduled = false;
    const lines: string[] = [];
    for (const [pid, details] of this.unrecorded) {
      const startTime = readProcStat(pid)?.startTime;
      if (startTime === undefined) continue; // already gone: nothing to clean up later
      const entry = { ...details, pid, startTime };
      this.live.set(pid, entry);
      lines.push(JSON.stringify(entry));
    }
    this.unrecorded.clear();
    if (lines.length > 0) this.append(lines);
  }

  private append(lines: string[]): void {
    try {
      this.fd ??= openSync(this.file, 'a', 0o600);
      writeSync(this.fd, `${lines.join('\n')}\n`);
      this.lines += lines.length;
    } catch (err) {
      this.closeFd();
      this.onError(`cannot write state file ${this.file}: ${(err as Error).message}`);
    }
  }

  private compact(): void {
    this.closeFd();
    try {
      writeRecord(this.file, { supervisor: this.self, processes: [...this.live.values()], intents: this.intents });
      this.lines = this.live.size + 1 + this.intents.stopped.length + Object.keys(this.intents.scaled).length;
    } catch (err) {
      this.onError(`cannot write state file ${this.file}: ${(err as Error).message}`);
    }
  }

  private closeFd(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed or the disk went away: the next append reopens.
    }
    this.fd = null;
  }
}
