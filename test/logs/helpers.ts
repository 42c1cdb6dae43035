import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/programs/', import.meta.url));

/** Temp folders, files and children made by a test, cleaned up even when it fails. */
export class TestScope {
  private readonly dirs: string[] = [];
  private readonly children: ChildProcess[] = [];
  private readonly files: Array<{ close(): Promise<void> }> = [];

  /**
   * Closes `file` at clean-up, before its folder goes: a test that failed
   * mid-write would otherwise leave a write pending that recreates the folder.
   */
  adopt<T extends { close(): Promise<void> }>(file: T): T {
    this.files.push(file);
    return file;
  }

  tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'drover-logs-'));
    this.dirs.push(dir);
    return dir;
  }

  /** Spawns in its own process group so cleanUp also reaches grandchildren. */
  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
    this.children.push(child);
    return child;
  }

  async cleanUp(): Promise<void> {
    for (const child of this.children.splice(0)) {
      if (child.pid === undefined) continue;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone with its whole group.
      }
    }
    await Promise.all(this.files.splice(0).map((file) => file.close()));
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves to 'pending' if `promise` has not settled after `ms` (for "must not finish yet"). */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> {
  return Promise.race([promise.then(() => 'settled' as const), new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}
