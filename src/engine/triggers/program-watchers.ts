import type { Config, WatchConfig } from '../../config/runtime.js';
import type { FileWatcher } from '../../watch/file-watcher.js';

type FileWatcherClass = typeof import('../../watch/file-watcher.js').FileWatcher;

/**
 * `watch:`: one FileWatcher per program (not per process). The watcher
 * debounces and coalesces storms; `changed` runs the program's action and is
 * awaited, so changes during a restart queue at most one more. A watcher is
 * rebuilt only when its program's `watch:` settings change on an update.
 */
export class ProgramWatchers {
  private readonly watchers = new Map<string, { settings: string; watcher: FileWatcher }>();
  private closed = false;

  constructor(
    private readonly changed: (program: string, files: string[]) => Promise<void>,
    private readonly warn: (message: string) => void,
  ) {}

  /** Starts, rebuilds or closes watchers to match the config; resolves once new ones have scanned their files. */
  async sync(config: Config): Promise<void> {
    const wanted = new Map(config.programs.flatMap((p) => (p.watch ? [[p.name, p] as const] : [])));
    // chokidar and its directory scanner load only for a config with `watch:`: most supervisors never watch a file.
    const Watcher = wanted.size > 0 ? (await import('../../watch/file-watcher.js')).FileWatcher : null;
    // Closed while the module loaded: watchers made now would outlive the supervisor.
    if (this.closed) return;
    const closing: Promise<void>[] = [];
    for (const [name, entry] of this.watchers) {
      const program = wanted.get(name);
      if (program && JSON.stringify(program.watch) === entry.settings) continue;
      this.watchers.delete(name);
      closing.push(entry.watcher.close());
    }
    const starting: Promise<void>[] = [];
    for (const [name, program] of wanted) {
      if (this.watchers.has(name)) continue;
      const watcher = this.watch(Watcher!, config, program.name, program.watch!);
      this.watchers.set(name, { settings: JSON.stringify(program.watch), watcher });
      starting.push(watcher.ready());
    }
    await Promise.all([...closing, ...starting]);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(all.map((entry) => entry.watcher.close()));
  }

  private watch(Watcher: FileWatcherClass, config: Config, name: string, settings: WatchConfig): FileWatcher {
    const { socket, pidfile, statefile, logdir } = config.supervisor;
    return new Watcher({
      paths: settings.paths,
      ignore: settings.ignore,
      // The supervisor's own files change as it runs: reacting to them would restart programs forever.
      // The state file is written as <statefile>.<pid>.tmp, then renamed.
      alwaysIgnore: [socket, pidfile, statefile, `${statefile}.${process.pid}.tmp`, logdir],
      debounceMs: settings.debounceMs,
      onChange: (files) => this.changed(name, files),
      onError: (error) => this.warn(`${name}: watching files failed: ${error.message}`),
    });
  }
}
