import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileWatcher, type FileWatcherOptions } from '../../src/watch/file-watcher.js';

/** Short enough to keep the tests quick, long enough for a slow VM to deliver a burst inside it. */
export const DEBOUNCE_MS = 150;
/** How long "no further call" is waited for after the last expected one. */
export const SETTLE_MS = 3 * DEBOUNCE_MS;

export const settle = (ms = SETTLE_MS): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Temp folders and watchers of one test file, all undone by cleanup() (call
 * it from afterEach, so a failing test still closes its watchers).
 */
export class WatchFixture {
  readonly #dirs: string[] = [];
  readonly #watchers: FileWatcher[] = [];

  /** A fresh temp folder, by its real path (so no symlink stands between a test and the watcher). */
  dir(): string {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'drover-watch-')));
    this.#dirs.push(dir);
    return dir;
  }

  /** Starts a watcher that records each batch; resolves once its initial scan is done. */
  async start(options: Partial<FileWatcherOptions> & Pick<FileWatcherOptions, 'paths'>): Promise<{ watcher: FileWatcher; calls: string[][] }> {
    const calls: string[][] = [];
    const watcher = new FileWatcher({
      ignore: [],
      debounceMs: DEBOUNCE_MS,
      onChange: (changed) => {
        calls.push(changed);
      },
      ...options,
    });
    this.#watchers.push(watcher);
    await watcher.ready();
    return { watcher, calls };
  }

  /** Closes this watcher in cleanup() too. */
  adopt(watcher: FileWatcher): FileWatcher {
    this.#watchers.push(watcher);
    return watcher;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.#watchers.splice(0).map((w) => w.close()));
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a file, creating its folders. */
export function put(path: string, content = `${Date.now()} ${Math.random()}\n`): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}
