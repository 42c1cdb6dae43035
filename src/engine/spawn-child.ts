import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ChildExit, type ExitListener } from './child-exit.js';
import { checkDirectory, resolveExecutable } from '../os/program-paths.js';
import { findNativeHelper } from './native-helpers.js';
import { resolveUser, unknownUser, type UserIds } from './resolve-user.js';

/**
 * Checks before spawning, and spawning with Node's child_process. It checks what
 * it can first, because Node reports a missing binary and a missing cwd with
 * the same `ENOENT`, and users need to know which one it was. The faster
 * way, drover-spawner, lives in spawner-client.ts; process-spawner.ts picks one.
 */

export interface SpawnRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  user: string | null;
  /** `user` looked up once, by whoever built the request (undefined: look it up here). */
  userIds?: UserIds | null;
  umask: number | null;
  /** Prefork workers: listening sockets to hand over as fd 3, 4, … (in order). */
  extraFds?: number[];
  /** Prefork workers of the built-in runtime: a pipe after the extra fds for readiness and heartbeats. */
  notifyPipe?: boolean;
  /** The same sockets as extraFds, for a keeper to hold and pass (keep_programs); absent when one cannot travel. */
  heldSockets?: HeldSocket[];
}

/** A listening socket as a keeper holds it: by key, with the handle that carries it there. */
export interface HeldSocket {
  key: string;
  handle: unknown;
}

export interface SpawnedChild {
  pid: number;
  /** The process that reaps it (drover itself, or drover-spawner): a pid with another parent is no longer this child. */
  parentPid: number;
  stdout: Readable;
  stderr: Readable;
  /** The read end of the notify pipe, when one was asked for. */
  notify?: Readable;
  /** Calls `listener` once with how the child ended, even when it ended before the call. */
  onExit(listener: ExitListener): void;
}

export type SpawnResult = { ok: true; child: SpawnedChild } | { ok: false; reason: string };

const isRoot = () => process.getuid?.() === 0;

function userOptions(user: string | null, known: UserIds | null | undefined): { uid?: number; gid?: number; groups?: number[] } | { error: string } {
  if (user === null) return {};
  const ids = known !== undefined ? known : resolveUser(user);
  if (!ids) return { error: unknownUser(user) };
  if (!isRoot()) {
    if (ids.uid === process.getuid?.()) return {};
    return { error: `cannot run as user ${user}: only root can switch users, and drover runs as uid ${process.getuid?.()}; remove user: or start drover as root` };
  }
  return { uid: ids.uid, gid: ids.gid, groups: ids.groups };
}

/** A request that passed every check, ready for whichever way spawns it. */
export interface PreparedSpawn {
  executable: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  umask: number | null;
  uid?: number;
  gid?: number;
  /** The user's supplementary groups, set with its uid and gid (see native/as-user.c). */
  groups?: number[];
  extraFds?: number[];
  notifyPipe?: boolean;
  heldSockets?: HeldSocket[];
}

export type PrepareResult = { ok: true; spawn: PreparedSpawn } | { ok: false; reason: string };

/** Checks what can be checked before spawning, so each failure names its cause. */
export function prepareSpawn(request: SpawnRequest): PrepareResult {
  const [command] = request.argv;
  if (command === undefined) return { ok: false, reason: 'empty command' };
  const dirError = checkDirectory(request.cwd);
  if (dirError) return { ok: false, reason: dirError };
  const executable = resolveExecutable(command, request.cwd, request.env.PATH);
  if (typeof executable !== 'string') return { ok: false, reason: executable.error };
  const ids = userOptions(request.user, request.userIds);
  if ('error' in ids) return { ok: false, reason: ids.error };
  const spawn: PreparedSpawn = { executable, argv: request.argv, cwd: request.cwd, env: request.env, umask: request.umask, uid: ids.uid, gid: ids.gid, groups: ids.groups };
  if (request.extraFds) spawn.extraFds = request.extraFds;
  if (request.notifyPipe) spawn.notifyPipe = true;
  if (request.heldSockets) spawn.heldSockets = request.heldSockets;
  return { ok: true, spawn };
}

/**
 * How Node starts it: a `user:` program goes through drover-as-user, which
 * sets the user's supplementary groups before dropping to its uid and gid.
 * Without that helper (no C compiler at build time), Node sets uid and gid
 * itself and the program has no supplementary groups at all.
 */
function asUser(prepared: PreparedSpawn): { file: string; args: string[]; argv0: string; ids: { uid?: number; gid?: number } } {
  const [command = prepared.executable, ...args] = prepared.argv;
  const helper = prepared.uid !== undefined ? findNativeHelper('drover-as-user') : null;
  if (helper === null || prepared.uid === undefined || prepared.gid === undefined) {
    return { file: prepared.executable, args, argv0: command, ids: { uid: prepared.uid, gid: prepared.gid } };
  }
  const groups = prepared.groups?.length ? prepared.groups.join(',') : '-';
  return { file: helper, args: [String(prepared.uid), String(prepared.gid), groups, prepared.executable, command, ...args], argv0: 'drover-as-user', ids: {} };
}

/** Starts a prepared process with Node's child_process (the fallback, and the way for `user:`). */
export function spawnWithNode(prepared: PreparedSpawn): SpawnResult {
  const { file, args, argv0, ids } = asUser(prepared);
  // Node cannot set a child's umask, but spawn forks synchronously and the child
  // inherits ours at fork time: set it around the call and put it straight back.
  const previousUmask = prepared.umask !== null ? process.umask(prepared.umask) : null;
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      argv0,
      cwd: prepared.cwd,
      env: prepared.env,
      ...ids,
      // A new session: the child gets its own process group (pgid = pid) and no
      // controlling terminal, so a Ctrl-C at drover's terminal never reaches it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', ...(prepared.extraFds ?? []), ...(prepared.notifyPipe ? ['pipe' as const] : [])],
    });
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  } finally {
    if (previousUmask !== null) process.umask(previousUmask);
  }
  if (child.pid === undefined) {
    // Node reports some failures (EACCES, EAGAIN) asynchronously through 'error'.
    child.on('error', () => {});
    return { ok: false, reason: 'the system refused to create the process' };
  }
  child.on('error', () => {
    // After a successful spawn, errors here are about signalling a dead child: harmless.
  });
  const exit = new ChildExit();
  child.once('exit', (code, signal) => exit.settle(code, signal));
  return {
    ok: true,
    child: {
      pid: child.pid,
      parentPid: process.pid,
      stdout: child.stdout!,
      stderr: child.stderr!,
      ...(prepared.notifyPipe ? { notify: child.stdio[3 + (prepared.extraFds?.length ?? 0)] as Readable } : {}),
      onExit: (listener) => exit.listen(listener),
    },
  };
}
