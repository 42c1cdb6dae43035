import path from 'node:path';
import type { FileWatcher } from '../watch/file-watcher.js';

/** Quiet time after an edit before the config is read: an editor's save is several writes. */
const CONFIG_DEBOUNCE_MS = 300;

/**
 * `supervisor.watch_config`: rereads the config file (and the .env beside
 * it) when either changes, and applies the difference through the same path
 * as `ctl update` and SIGHUP. Turned on or off as the setting itself changes.
 */
export class ConfigWatch {
  private watcher: FileWatcher | null = null;
  private pending: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly configPath: string,
    private readonly apply: () => Promise<void>,
    private readonly say: (message: string) => void,
  ) {}

  /** Starts or stops watching to match the setting; resolves once a new watcher is ready. */
  sync(enabled: boolean): Promise<void> {
    // One change at a time: starting waits for the watcher's module, and a later setting must not be overtaken by an earlier one.
    const next = this.pending.then(() => this.follow(enabled));
    this.pending = next.catch(() => {});
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pending;
    await this.stopWatching();
  }

  private async follow(enabled: boolean): Promise<void> {
    if (enabled && !this.watcher && !this.closed) {
      // chokidar and its directory scanner load only when the setting is on: a supervisor that never watches its config does not carry them.
      const { FileWatcher } = await import('../watch/file-watcher.js');
      this.watcher = new FileWatcher({
        paths: [this.configPath, path.join(path.dirname(this.configPath), '.env')],
        ignore: [],
        debounceMs: CONFIG_DEBOUNCE_MS,
        onChange: () => this.apply(),
        onError: (error) => this.say(`watching ${this.configPath} failed: ${error.message}`),
      });
      await this.watcher.ready();
      this.say(`watching ${this.configPath} for changes (watch_config)`);
    } else if (!enabled && this.watcher) {
      await this.stopWatching();
      this.say(`no longer watching ${this.configPath} (watch_config is off)`);
    }
  }

  private async stopWatching(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.close();
  }
}
