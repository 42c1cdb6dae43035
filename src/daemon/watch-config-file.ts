import type { Config } from '../config/runtime.js';
import type { Daemon } from './daemon-state.js';

/**
 * watch_config: watching follows the setting in the config in force, now and
 * after every applied update (`ctl update`, HUP, or an edit the watch itself saw).
 */
export function watchConfigFile(daemon: Daemon): void {
  const follow = (config: Config) => {
    daemon.configWatch.sync(config.supervisor.watchConfig).catch((error: Error) => daemon.log.say(`drover: cannot watch ${daemon.configPath}: ${error.message}`));
  };
  daemon.supervisor.onConfigApplied(follow);
  follow(daemon.supervisor.currentConfig);
}
