import { constants } from 'node:os';
import type { PreparedSpawn } from './spawn-child.js';

/**
 * The frames drover-spawner reads on its stdin (native/spawner.c): a
 * little-endian u32 length, then NUL-terminated strings whose first names
 * the kind: "S" spawn, "W" spawn a prefork worker, "A" arm a respawn, "D"
 * disarm one, "Q" end keep mode.
 */

/** What the helper decides by when an armed child ends: the program's restart policy. */
export interface RespawnPolicy {
  /** `true`: every exit restarts; 'unexpected': an exit code in exitcodes does not. */
  autorestart: true | 'unexpected';
  exitcodes: number[];
  killasgroup: boolean;
}

/** The spawn fields every frame that starts a child ends with: executable, cwd, umask, argv and env. */
export function spawnFields(prepared: PreparedSpawn): string[] {
  const env = Object.entries(prepared.env).map(([key, value]) => `${key}=${value}`);
  return [
    prepared.executable,
    prepared.cwd,
    prepared.umask === null ? '-1' : prepared.umask.toString(8),
    String(prepared.argv.length),
    ...prepared.argv,
    String(env.length),
    ...env,
  ];
}

export function encodeSpawn(id: number, fields: string[]): Buffer {
  return encodeFrame(['S', String(id), ...fields]);
}

/** A worker gets the held listening sockets named by `keys` as fd 3, 4, …, and with `notify` a notify socket after them. */
export function encodeWorker(id: number, keys: string[], notify: boolean, fields: string[]): Buffer {
  return encodeFrame(['W', String(id), String(keys.length), ...keys, notify ? '1' : '0', ...fields]);
}

/** Keep mode ends: the helper lets go of what it holds for a next supervisor, and ends with this one. */
export function encodeQuit(): Buffer {
  return encodeFrame(['Q']);
}

export function encodeArm(pid: number, id: number, policy: RespawnPolicy, fields: string[]): Buffer {
  const autorestart = policy.autorestart === true ? 'always' : 'unexpected';
  return encodeFrame(['A', String(pid), String(id), autorestart, policy.killasgroup ? '1' : '0', policy.exitcodes.join(','), ...fields]);
}

/** Disarm, then `signals` in order to the child (to its group when asked), sent by the helper after the disarm. */
export function encodeDisarm(pid: number, signals: NodeJS.Signals[], toGroup: boolean): Buffer {
  return encodeFrame(['D', String(pid), toGroup ? '1' : '0', ...signals.map((signal) => String(constants.signals[signal]))]);
}

function encodeFrame(fields: string[]): Buffer {
  // One buffer, header and body: a respawn's request is on the path from a crash to RUNNING.
  const body = `${fields.join('\0')}\0`;
  const length = Buffer.byteLength(body);
  const frame = Buffer.allocUnsafe(4 + length);
  frame.writeUInt32LE(length, 0);
  frame.write(body, 4);
  return frame;
}
