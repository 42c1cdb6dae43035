import type { NotifyPipe } from './notify-pipe.js';
import type { DrainReason } from './protocol.js';
import type { WorkerHttp } from './worker-http.js';

/** Why a drain started: what the master is told, or nothing when it is gone. */
export type DrainCause = DrainReason | 'master_gone';

export interface DrainDeps {
  /** The servers once all are listening; undefined before (nothing to drain then). */
  http: () => WorkerHttp | undefined;
  gracefulTimeoutMs: number;
  notify: NotifyPipe;
  exit: (code: number) => void;
  log: (line: string) => void;
}

/**
 * The graceful stop: stop accepting, finish in-flight requests, exit 0 when the
 * last connection closes or at the graceful timeout. A second signal exits at once.
 */
export class DrainController {
  private started = false;

  constructor(private readonly deps: DrainDeps) {}

  get draining(): boolean {
    return this.started;
  }

  signal(name: NodeJS.Signals): void {
    if (this.started) {
      this.deps.log(`${name} while draining: exiting now`);
      this.deps.exit(0);
      return;
    }
    this.begin('signal');
  }

  begin(cause: DrainCause): void {
    if (this.started) return;
    this.started = true;
    const { deps } = this;
    const http = deps.http();
    if (!http) {
      deps.exit(0);
      return;
    }
    if (cause !== 'master_gone') deps.notify.send({ t: 'draining', reason: cause });
    const timer = setTimeout(() => {
      const open = http.openConnections;
      if (open > 0) deps.log(`graceful timeout (${deps.gracefulTimeoutMs}ms) reached; closing ${open} open connection${open === 1 ? '' : 's'}`);
      http.destroyAllConnections();
      deps.exit(0);
    }, deps.gracefulTimeoutMs);
    void http.drain().then(() => {
      clearTimeout(timer);
      deps.exit(0);
    });
  }
}
