import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProgramConfig } from '../../config/types.js';
import type { Launcher } from '../launcher.js';
import type { ManagedProcess } from '../managed-process.js';
import type { SpawnedChild, SpawnRequest, SpawnResult } from '../spawn-child.js';
import { watchNotifyPipe, watchReadyLine } from './worker-signals.js';
import { SocketRegistry } from './socket-registry.js';

/** How often a built-in-runtime worker sends a heartbeat: a few per timeout, bounded. */
export function heartbeatIntervalMs(timeoutMs: number): number {
  return Math.min(5000, Math.max(100, Math.floor(timeoutMs / 4)));
}

/** `sh -c` sets LISTEN_PID to the worker's own pid (exec keeps it), as systemd does. */
const LISTEN_PID_WRAPPER = ['/bin/sh', '-c', 'LISTEN_PID=$$ exec "$0" "$@"'];

function runtimePath(): string {
  const candidates = [new URL('../../prefork/worker-main.js', import.meta.url), new URL('../../../dist/prefork/worker-main.js', import.meta.url)];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return fileURLToPath(url);
  throw new Error('drover is not built: dist/prefork/worker-main.js is missing (run npm run build)');
}

/**
 * The master side of `type: prefork` programs: binds each program's sockets
 * once, hands them to every worker as fd 3, 4, … with systemd's LISTEN_*
 * variables, and turns what workers say (notify pipe, ready line) into the
 * worker's readiness and heartbeats.
 */
export class PreforkMaster {
  private readonly sockets = new SocketRegistry();

  constructor(private readonly launcher: Launcher) {}

  async launch(proc: ManagedProcess, request: SpawnRequest): Promise<SpawnResult> {
    const program = proc.program;
    const prefork = program.prefork!;
    const acquired = await this.sockets.acquire(program);
    if (!acquired.ok) return acquired;
    const fds = acquired.sockets.map((socket) => socket.fd);
    const firstFd = '3';
    const env: Record<string, string> = {
      ...request.env,
      LISTEN_FDS: String(fds.length),
      LISTEN_FDNAMES: acquired.sockets.map((socket) => socket.address.text.replace(/:/g, '_')).join(':'),
    };
    if (prefork.app) {
      // The runtime reads its fds directly and needs no LISTEN_PID.
      Object.assign(env, {
        DROVER_NOTIFY_FD: String(3 + fds.length),
        DROVER_HEARTBEAT_MS: String(heartbeatIntervalMs(prefork.timeoutMs)),
        DROVER_GRACEFUL_TIMEOUT_MS: String(prefork.gracefulTimeoutMs),
        DROVER_MAX_REQUESTS: String(maxRequestsFor(program)),
      });
      return this.launcher.launch({ ...request, argv: [process.execPath, runtimePath(), prefork.app], env, extraFds: fds, notifyPipe: true });
    }
    const argv = request.argv.map((token) => token.replaceAll('{fd}', firstFd));
    return this.launcher.launch({ ...request, argv: [...LISTEN_PID_WRAPPER, ...argv], env, extraFds: fds });
  }

  /** Called right after a worker is spawned. */
  watch(proc: ManagedProcess, child: SpawnedChild): void {
    const prefork = proc.program.prefork!;
    if (prefork.app && child.notify) {
      watchNotifyPipe(child.notify, {
        ready: () => proc.child === child && proc.markReady(),
        heartbeat: () => proc.child === child && proc.heartbeat(),
      });
    } else if (prefork.readyWhenLog) {
      const pattern = new RegExp(prefork.readyWhenLog);
      watchReadyLine([child.stdout, child.stderr], pattern, () => proc.child === child && proc.markReady());
    }
  }

  /** The program is gone from the config: its sockets close. */
  release(programName: string): void {
    this.sockets.release(programName);
  }

  close(): void {
    this.sockets.releaseAll();
  }
}

/** max_requests plus a random part of the jitter, per worker, so they do not all retire at once. */
function maxRequestsFor(program: ProgramConfig): number {
  const prefork = program.prefork!;
  if (prefork.maxRequests === 0) return 0;
  return prefork.maxRequests + Math.floor(Math.random() * (prefork.maxRequestsJitter + 1));
}
