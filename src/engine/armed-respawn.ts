import type { ProgramConfig } from '../config/runtime.js';
import { sendSignal, sendStopSignal, stopSignalSequence } from './signals.js';
import type { SpawnedChild, SpawnRequest, SpawnResult } from './spawn-child.js';
import type { RespawnPolicy } from './spawner-frames.js';

/**
 * How long a RUNNING child waits for its respawn to be armed. A crash sooner
 * is restarted the ordinary way (a spawn request), as it would be unarmed.
 */
export const ARM_DELAY_MS = 20;

/**
 * A running child's respawn, armed in the helper that is its parent: on the
 * child's end the helper itself starts the replacement if the armed policy
 * restarts it, and reports both at once.
 */
export interface ArmedSpawn {
  /** Set, before the old child's exit is told, when the helper started the replacement: `result` then settles with it. */
  readonly fired: boolean;
  readonly result: Promise<SpawnResult>;
  /**
   * The helper must not respawn; `signals` then go to the child from the
   * helper, after the disarm, so the stop they are cannot meet a respawn.
   * False when the helper could not take them (it is gone, or it fired): the caller sends them.
   */
  disarm(signals?: NodeJS.Signals[], toGroup?: boolean): boolean;
}

/** Arms a child's respawn in the helper that is its parent; null when it cannot be (see ProcessSpawner.arm). */
export type ArmRespawn = (child: SpawnedChild, request: SpawnRequest, policy: RespawnPolicy) => ArmedSpawn | null;

/**
 * One process's armed respawn (see ArmedSpawn). The helper restarts a child
 * by the same policy the state machine applies to a RUNNING process's exit;
 * the state machine still decides. Its restart takes the replacement the
 * helper already started, and an exit it does not restart (a stop that
 * crossed the child's own death) kills that replacement's group. Every
 * intentional action disarms first: the stop signal itself goes through the
 * helper after the disarm.
 */
export class ArmedRespawn {
  /**
   * The armed child's respawn until that child's exit is acted on. A disarmed
   * one stays here, unwanted: the helper may have fired it before it read the
   * disarm, and then its replacement must be killed.
   */
  private armed: { child: SpawnedChild; spawn: ArmedSpawn; request: SpawnRequest; wanted: boolean } | null = null;

  constructor(
    private readonly program: ProgramConfig,
    private readonly arm: ArmRespawn | undefined,
    private readonly buildRequest: () => SpawnRequest,
    private readonly afterSpawns: (run: () => void) => void = setImmediate,
  ) {}

  /**
   * The child is RUNNING: arm its respawn when its program restarts it at once
   * on an exit. After the spawns already asked for, and ARM_DELAY_MS after
   * that: building and checking the request (stat, access) and sending it take
   * a core for about as long as the replacement's own exec, and done at once
   * they kept the reader of the RUNNING line from the other one.
   */
  armFor(child: SpawnedChild, stillRunning: () => boolean): void {
    const { oneshot, prefork } = this.program;
    if (!this.arm || this.program.autorestart === false || oneshot || prefork !== null) return;
    this.afterSpawns(() => {
      setTimeout(() => {
        if (stillRunning() && this.armed?.child !== child) this.armNow(child);
      }, ARM_DELAY_MS).unref();
    });
  }

  private armNow(child: SpawnedChild): void {
    const { autorestart, exitcodes, killasgroup } = this.program;
    if (!this.arm || autorestart === false) return;
    const request = this.buildRequest();
    const spawn = this.arm(child, request, { autorestart, exitcodes, killasgroup });
    if (spawn) this.armed = { child, spawn, request, wanted: true };
  }

  /** Disarms (a signal, a removal): the child's end is then left to the supervisor. */
  disarm(): void {
    if (!this.armed) return;
    this.armed.wanted = false;
    this.armed.spawn.disarm();
  }

  /** Disarms when a spawn would no longer be what was armed (the config changed); the next RUNNING arms it again. */
  refresh(): void {
    if (this.armed?.wanted && !sameRequest(this.armed.request, this.buildRequest())) this.disarm();
  }

  /** The stop signal, sent by the helper after the disarm when the child is armed. */
  sendStop(child: SpawnedChild, signal: NodeJS.Signals, toGroup: boolean): void {
    const armed = this.armed?.child === child ? this.armed : null;
    if (armed) armed.wanted = false;
    if (!armed?.spawn.disarm(stopSignalSequence(signal), toGroup)) sendStopSignal(child.pid, signal, toGroup);
  }

  /**
   * The start that follows the armed child's exit: the replacement the helper
   * started, or null to spawn as usual. What a spawn would be changes only at
   * an update, which refresh() checks, so the request is not built again here,
   * on the path from the crash to RUNNING.
   */
  take(): Promise<SpawnResult> | null {
    const armed = this.armed;
    if (!armed?.spawn.fired || !armed.wanted) return null; // settled() kills it
    this.armed = null;
    return armed.spawn.result;
  }

  /** `child`'s exit was acted on: a replacement the helper started that no start took must not run. */
  settled(child: SpawnedChild): void {
    const armed = this.armed;
    if (armed?.child !== child) return;
    this.armed = null;
    if (!armed.spawn.fired) return;
    void armed.spawn.result.then((result) => {
      if (!result.ok) return;
      sendSignal(result.child.pid, 'SIGKILL', true);
      result.child.stdout.destroy();
      result.child.stderr.destroy();
    });
  }
}

function sameRequest(a: SpawnRequest, b: SpawnRequest): boolean {
  if (a.cwd !== b.cwd || a.umask !== b.umask || a.user !== b.user || a.argv.length !== b.argv.length || a.argv.some((arg, i) => arg !== b.argv[i])) return false;
  const keys = Object.keys(a.env);
  return keys.length === Object.keys(b.env).length && keys.every((key) => a.env[key] === b.env[key]);
}
