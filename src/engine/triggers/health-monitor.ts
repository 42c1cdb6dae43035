import type { ProbeCheck, ProbeConfig } from '../../config/runtime.js';
import { describeCheck, ProbeRunner, type ProbeMode } from '../../health/probe-runner.js';
import type { ManagedProcess } from '../managed-process.js';
import { followLines } from '../output-lines.js';
import type { SpawnedChild } from '../spawn-child.js';

/** What the health monitor needs from the supervisor. */
export interface HealthHost {
  /** The check with the process's %(...)s templates expanded, and where an exec check runs. */
  resolve(proc: ManagedProcess, check: ProbeCheck): { check: ProbeCheck; cwd: string; env: NodeJS.ProcessEnv };
  /** A RUNNING process's readiness changed (proc.ready says which way): clients are told. */
  readinessChanged(proc: ManagedProcess, message: string): void;
  /** The liveness probe failed failure_threshold times in a row: replace the process. */
  recycle(proc: ManagedProcess, reason: string): void;
}

interface Probes {
  child: SpawnedChild;
  readiness: ProbeRunner | null;
  liveness: ProbeRunner | null;
  stopLines: (() => void) | null;
}

/**
 * Runs each process's readiness and liveness probes for the life of one
 * child. Readiness gates STARTING → RUNNING (the state machine's `ready`
 * event), then keeps telling whether a RUNNING process can serve; liveness
 * starts once the process is RUNNING and asks for a restart when it fails.
 */
export class HealthMonitor {
  private readonly probes = new Map<ManagedProcess, Probes>();

  constructor(private readonly host: HealthHost) {}

  /** A child was spawned: its readiness probe starts; log probes read its output from its first line. */
  spawned(proc: ManagedProcess, child: SpawnedChild): void {
    this.forget(proc);
    const { readiness, liveness } = proc.program;
    proc.ready = false;
    if (!readiness && !liveness) return;
    const probes: Probes = { child, readiness: null, liveness: null, stopLines: null };
    this.probes.set(proc, probes);
    if ([readiness?.check.kind, liveness?.check.kind].includes('log')) {
      probes.stopLines = followLines([child.stdout, child.stderr], (lines) => {
        probes.readiness?.feed(lines);
        probes.liveness?.feed(lines);
      });
    }
    if (readiness) {
      probes.readiness = this.runner(proc, 'readiness', readiness, (passing, message) => this.onReadiness(proc, child, passing, message));
      probes.readiness.start();
    }
  }

  /** Called at every state change: liveness runs while RUNNING; nothing runs once the process stops. */
  stateChanged(proc: ManagedProcess): void {
    const probes = this.probes.get(proc);
    if (!probes) return;
    if (proc.state === 'RUNNING' && proc.child === probes.child && proc.program.liveness && !probes.liveness) {
      const child = probes.child;
      probes.liveness = this.runner(proc, 'liveness', proc.program.liveness, (passing, message) => {
        if (passing || proc.child !== child || proc.state !== 'RUNNING') return;
        // One restart per failure streak: the next child gets a fresh probe.
        probes.liveness?.stop();
        this.host.recycle(proc, `${proc.name} ${message}`);
      });
      probes.liveness.start();
    } else if (proc.state !== 'STARTING' && proc.state !== 'RUNNING') {
      this.forget(proc);
    }
  }

  forget(proc: ManagedProcess): void {
    const probes = this.probes.get(proc);
    if (!probes) return;
    this.probes.delete(proc);
    probes.readiness?.stop();
    probes.liveness?.stop();
    probes.stopLines?.();
  }

  close(): void {
    for (const proc of [...this.probes.keys()]) this.forget(proc);
  }

  private onReadiness(proc: ManagedProcess, child: SpawnedChild, passing: boolean, message: string): void {
    if (proc.child !== child) return;
    proc.ready = passing;
    if (proc.state === 'STARTING') {
      if (passing) proc.markReady(message);
      return;
    }
    if (proc.state === 'RUNNING') this.host.readinessChanged(proc, message);
  }

  private runner(proc: ManagedProcess, kind: ProbeMode, config: ProbeConfig, onVerdict: (passing: boolean, message: string) => void): ProbeRunner {
    const { check, cwd, env } = this.host.resolve(proc, config.check);
    const what = `${kind} probe (${describeCheck(check)})`;
    return new ProbeRunner(
      { ...config, check },
      {
        mode: kind,
        cwd,
        env,
        onStatus: (status, detail) => {
          // Phrased to follow the process name (liveness) or "not ready:" (readiness).
          if (status === 'pass') onVerdict(true, `${what} passed`);
          else onVerdict(false, `failed its ${what} ${detail.failures} time${detail.failures === 1 ? '' : 's'} in a row: ${detail.lastError ?? 'no detail'}`);
        },
      },
    );
  }
}
