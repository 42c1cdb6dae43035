import path from 'node:path';
import { FileWatcher } from '../watch/file-watcher.js';

/** Quiet time after an edit before the config is read: an editor's save is several writes. */
const CONFIG_DEBOUNCE_MS = 300;

/**
 * `supervisor.watch_config`: rereads the config file (and the .env beside
 * it) when either changes, and applies the difference through the same path
 * as `ctl update` and SIGHUP. Turned on or off as the setting itself changes.
 */
export class ConfigWatch {
  private watcher: FileWatcher | null = null;

  constructor(
    private readonly configPath: string,
    private readonly apply: () => Promise<void>,
    private readonly say: (message: string) => void,
  ) {}

  /** Starts or stops watching to match the setting; resolves once a new watcher is ready. */
  async sync(enabled: boolean): Promise<void> {
    if (enabled && !this.watcher) {
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
      await this.close();
      this.say(`no longer watching ${this.configPath} (watch_config is off)`);
    }
  }

  async close(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.close();
  }
}
