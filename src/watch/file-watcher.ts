/**
 * Watches files for the engine (restart a program when its code changes,
 * reread the config file) and turns storms of file system events into few,
 * calm calls: a `git checkout` touching 10,000 files, or an editor writing a
 * file three times, is one onChange.
 *
 * One chokidar watcher (inotify, never polling: idle must cost nothing) over
 * the distinct glob bases. Filtering happens in chokidar's `ignored` hook, so
 * ignored folders are never descended into and files nobody asked for get no
 * inotify watch.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { createPathFilter } from './path-filter.js';
import { isInside } from './path-glob.js';

export { IGNORED_NAMES, IGNORED_SUFFIXES } from './path-filter.js';

export interface FileWatcherOptions {
  /** Absolute paths or absolute globs. A plain folder path means everything under it. */
  paths: string[];
  /** Absolute globs never to react to; a glob matching a folder covers what is inside it. */
  ignore: string[];
  /** Absolute paths (files or folders) never to react to: the supervisor's own socket, pidfile, state file, log folder. */
  alwaysIgnore?: string[];
  /** Quiet time after the last change before onChange runs. */
  debounceMs: number;
  /** The batch of distinct paths that changed, sorted. */
  onChange: (changed: string[]) => Promise<void> | void;
  /** Watcher errors, and errors thrown by onChange (which are otherwise dropped: one bad batch must not stop the watching). */
  onError?: (error: Error) => void;
}

const toError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The folders chokidar is given: the folder that holds each base, not the base
 * itself. chokidar loses a root that is deleted (`rm -rf src && git checkout
 * src`) and never sees it come back; an
 * entry of a watched folder it follows through deletion and re-creation. A
 * base whose folder does not exist yet is watched through its nearest existing
 * ancestor, so creating it later works. The filter keeps chokidar out of the
 * other entries of those folders: each costs one readdir and one inotify
 * watch, whatever else it holds.
 */
export function watchRoots(bases: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const base of bases) {
    let root = dirname(base);
    while (root !== '/' && !isDirectory(root)) root = dirname(root);
    roots.add(root);
  }
  // A root inside another is already covered; watching it twice would double the work.
  return [...roots].filter((root) => ![...roots].some((other) => isInside(root, other))).sort();
}

export class FileWatcher {
  readonly #options: FileWatcherOptions;
  readonly #watcher: FSWatcher;
  readonly #ready: Promise<void>;
  #markReady: () => void = () => {};
  #pending = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  /** onChange is running; new changes are only collected meanwhile. */
  #running = false;
  /** The quiet time ran out while onChange was running: run again as soon as it returns. */
  #due = false;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: FileWatcherOptions) {
    this.#options = options;
    const filter = createPathFilter(options);
    this.#ready = new Promise((resolve) => (this.#markReady = resolve));
    this.#watcher = watch(watchRoots(filter.bases), {
      ignoreInitial: true,
      usePolling: false,
      // Editors save by writing a temp file and renaming it over the original:
      // chokidar turns the unlink + add pair into one change.
      atomic: true,
      ignored: (path, stats) => filter.ignored(path, stats),
    });
    const onEvent = (path: string): void => {
      // chokidar asks `ignored` about some paths without stats, so a file no
      // entry of `paths` wants can still arrive here; `wanted` is the final word.
      if (!this.#closed && filter.wanted(path)) this.#collect(path);
    };
    this.#watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);
    this.#watcher.on('error', (error) => this.#report(error));
    this.#watcher.once('ready', () => this.#markReady());
  }

  /** Resolves once the initial scan is done: changes after this are seen. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Stops watching and cancels a pending batch. An onChange already running is not waited for (it may be the caller of close). */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    this.#markReady(); // nobody must hang on ready() of a closed watcher
    await this.#watcher.close();
  }

  #collect(path: string): void {
    this.#pending.add(path);
    this.#due = false; // it is no longer quiet: wait for the timer again
    // Trailing debounce: every change restarts the quiet time. refresh() re-arms
    // the same timer, far cheaper than clear + set for each of 10,000 events.
    if (this.#timer) this.#timer.refresh();
    else this.#timer = setTimeout(() => this.#quiet(), this.#options.debounceMs);
  }

  #quiet(): void {
    this.#timer = undefined;
    // A storm can block the loop for longer than the quiet time (chokidar taking
    // thousands of inotify events in one go) while the stat results that become
    // its change events wait behind it: the timer then fires mid-burst. One more
    // turn of the loop delivers what is ready; a change in it re-arms the timer.
    setImmediate(() => {
      if (this.#timer || this.#closed || this.#pending.size === 0) return;
      if (this.#running) this.#due = true;
      else void this.#run();
    });
  }

  async #run(): Promise<void> {
    const batch = [...this.#pending].sort();
    this.#pending = new Set();
    this.#running = true;
    this.#due = false;
    try {
      await this.#options.onChange(batch);
    } catch (error) {
      this.#report(error);
    } finally {
      this.#running = false;
    }
    if (this.#closed) return;
    // Whatever changed while onChange ran makes one more batch, never several:
    // at once if it has been quiet long enough since (then no timer is armed),
    // else when the armed timer fires.
    if (this.#due && this.#pending.size > 0) void this.#run();
    else this.#due = false;
  }

  #report(error: unknown): void {
    if (this.#closed) return;
    try {
      this.#options.onError?.(toError(error));
    } catch {
      // An error handler that throws must not break the watcher.
    }
  }
}
