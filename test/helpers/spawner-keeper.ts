import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSpawnerBinary } from '../../src/engine/spawner-client.js';

// What test/engine/spawner-keeper.test.ts needs besides drover-spawner itself.

/** A process's children (a keeper's programs are its children, whatever the test saw of them). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A frame for the helper's stdin: a little-endian u32 length, then NUL-terminated strings (see spawner.c). */
export function frame(fields: string[]): Buffer {
  const body = Buffer.from(fields.map((field) => `${field}\0`).join(''));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([length, body]);
}

/** The numbers of a file of numbered lines, without a last line still being written. */
export function lineNumbers(file: string): number[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop();
  return lines.map(Number);
}

/** What the keeper tests read of a keeper-supervisor.mjs run (its events.jsonl) and of the helper's IPC messages. */
export type KeeperEvent = {
  t: string;
  id?: number;
  pid?: number;
  pair?: number;
  name?: string;
  code?: number | null;
  errno?: number;
  helper?: number;
  port?: number;
  key?: string;
  notify?: number;
};

/** A program keeper-supervisor.mjs has the helper start (see that fixture). */
export type FixtureProgram = { name: string; argv: string[]; armed?: boolean; unread?: boolean; keys?: string[]; notify?: boolean };

const FIXTURE = fileURLToPath(new URL('../fixtures/programs/keeper-supervisor.mjs', import.meta.url));

/**
 * The processes and folders of one keeper test file: every helper, fixture
 * supervisor and program it saw (from the fixture's events and each pid's
 * children) is SIGKILLed, and every folder removed, by cleanup().
 */
export class KeeperTestRun {
  readonly pids = new Set<number>();
  private readonly dirs: string[] = [];

  spawnerBinary(): string {
    const binary = findSpawnerBinary();
    if (binary === null) throw new Error('drover-spawner is not built: run npm run build');
    return binary;
  }

  makeDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'drover-keeper-'));
    this.dirs.push(dir);
    return dir;
  }

  track(child: ChildProcess): ChildProcess {
    if (child.pid !== undefined) this.pids.add(child.pid);
    return child;
  }

  /** The fixture's events so far; every pid they name is tracked. */
  readEvents(dir: string): KeeperEvent[] {
    if (!existsSync(join(dir, 'events.jsonl'))) return [];
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as KeeperEvent);
    for (const event of events) if (event.pid !== undefined && event.t !== 'exit') this.pids.add(event.pid);
    for (const event of events) if (event.helper !== undefined) this.pids.add(event.helper);
    return events;
  }

  /** keeper-supervisor.mjs in `mode`, its keeper socket and events in `dir`. */
  startSupervisor(mode: 'keep' | 'attach', dir: string, programs: FixtureProgram[], extra: string[] = []): ChildProcess {
    const args = [FIXTURE, this.spawnerBinary(), mode, join(dir, 'keeper.sock'), dir, JSON.stringify(programs), ...extra];
    return this.track(spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] }));
  }

  cleanup(): void {
    for (const dir of this.dirs) this.readEvents(dir);
    for (const pid of [...this.pids]) for (const child of childrenOf(pid)) this.pids.add(child);
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.pids.clear();
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

export async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
