import type { Config } from '../config/runtime.js';
import type { ActionResult, SupervisorApi } from '../api/supervisor-api.js';
import type { ViewSession } from './host-io.js';

type ViewEnd = 'shutdown' | 'hangup';

/**
 * The terminal's owner in embedded mode. While the view has it, the host
 * ends it on shutdown or on SIGHUP (the terminal went away) instead of
 * rereading the config; once the view has gone, HUP rereads again.
 */
export class ViewHandOff {
  private active = false;
  private readonly endListeners: Array<(why: ViewEnd) => void> = [];

  /** Gives the view the terminal, the API and the way to stop everything. */
  open(view: (session: ViewSession) => void, api: SupervisorApi, config: Config, shutdown: (why: string) => Promise<ActionResult[]>): void {
    this.active = true;
    view({
      api,
      config,
      shutdown,
      onEnd: (listener) => this.endListeners.push(listener),
      viewEnded: () => {
        this.active = false;
        this.endListeners.length = 0;
      },
    });
  }

  /** Tells an open view to go; false when none is open. */
  end(why: ViewEnd): boolean {
    if (!this.active) return false;
    this.active = false;
    for (const listener of this.endListeners.splice(0)) listener(why);
    return true;
  }
}
