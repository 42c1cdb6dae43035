import { fstatSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { WORKER_ENV } from './protocol.js';

export interface WorkerSettings {
  /** Absolute path of the app module. */
  app: string;
  /** The inherited listening sockets: 3, 4, … */
  listenFds: number[];
  notifyFd: number | undefined;
  heartbeatMs: number;
  gracefulTimeoutMs: number;
  maxRequests: number;
}

export type SettingsResult = { ok: true; settings: WorkerSettings } | { ok: false; message: string };

const FIRST_LISTEN_FD = 3;

class SettingsError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number | undefined, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    if (fallback === undefined) throw new SettingsError(`${name} is not set`);
    return fallback;
  }
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new SettingsError(`${name}=${JSON.stringify(raw)} is not an integer >= ${min}`);
  }
  return value;
}

/** Reads what the master handed over (argv and environment); checks the fds are open. */
export function readWorkerSettings(argv: readonly string[], env: NodeJS.ProcessEnv): SettingsResult {
  try {
    const appArg = argv[0];
    if (!appArg) throw new SettingsError('no app module given (usage: worker-main.js <path of the app module>)');
    const count = integer(env, WORKER_ENV.listenFds, undefined, 1);
    const listenFds = Array.from({ length: count }, (_, i) => FIRST_LISTEN_FD + i);
    for (const fd of listenFds) {
      if (!openFd(fd)?.isSocket()) throw new SettingsError(`${WORKER_ENV.listenFds}=${count} but fd ${fd} is not an open socket`);
    }
    const notifyRaw = env[WORKER_ENV.notifyFd];
    let notifyFd: number | undefined;
    if (notifyRaw !== undefined && notifyRaw.trim() !== '') {
      notifyFd = integer(env, WORKER_ENV.notifyFd, undefined, 0);
      if (listenFds.includes(notifyFd)) throw new SettingsError(`${WORKER_ENV.notifyFd}=${notifyFd} is one of the listening fds`);
      if (!openFd(notifyFd)) throw new SettingsError(`${WORKER_ENV.notifyFd}=${notifyFd} is not an open fd`);
    }
    return {
      ok: true,
      settings: {
        app: isAbsolute(appArg) ? appArg : resolve(appArg),
        listenFds,
        notifyFd,
        heartbeatMs: integer(env, WORKER_ENV.heartbeatMs, 1000, 0),
        gracefulTimeoutMs: integer(env, WORKER_ENV.gracefulTimeoutMs, 30_000, 0),
        maxRequests: integer(env, WORKER_ENV.maxRequests, 0, 0),
      },
    };
  } catch (err) {
    if (err instanceof SettingsError) return { ok: false, message: err.message };
    throw err;
  }
}

function openFd(fd: number): ReturnType<typeof fstatSync> | undefined {
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  }
}

/**
 * The fd variables describe this process's own fds; the app's child processes
 * must not believe they inherited sockets (sd_listen_fds(unset_environment=1)).
 */
export function forgetInheritedFds(env: NodeJS.ProcessEnv): void {
  delete env[WORKER_ENV.listenFds];
  delete env[WORKER_ENV.listenPid];
  delete env[WORKER_ENV.listenFdNames];
  delete env[WORKER_ENV.notifyFd];
}
