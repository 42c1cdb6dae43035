import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config, ProgramConfig, SupervisorConfig } from '../../src/config/types.js';
import type { EngineEvent } from '../../src/api/supervisor-api.js';
import { Supervisor } from '../../src/engine/supervisor.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/programs/', import.meta.url));

/** `node <fixture> args…` as argv. */
export function fixture(name: string, ...args: (string | number)[]): string[] {
  return [process.execPath, path.join(FIXTURES, name), ...args.map(String)];
}

/** A program's watching, probes, limits and schedule, all off (the defaults). */
export const NO_WATCH_OR_HEALTH = {
  watch: null,
  readiness: null,
  liveness: null,
  maxMemoryBytes: null,
  maxCpu: null,
  cronRestart: null,
} satisfies Partial<ProgramConfig>;

export function makeProgram(name: string, command: string[], overrides: Partial<ProgramConfig> = {}): ProgramConfig {
  return {
    name,
    command,
    processName: (overrides.numprocs ?? 1) > 1 ? '%(program_name)s_%(process_num)02d' : '%(program_name)s',
    processNameExplicit: false,
    numprocs: 1,
    numprocsStart: 0,
    directory: null,
    environment: {},
    user: null,
    umask: null,
    autostart: true,
    autorestart: 'unexpected',
    exitcodes: [0],
    startsecsMs: 0,
    startretries: 3,
    stopsignal: 'TERM',
    reloadSignal: null,
    stopwaitsecsMs: 5000,
    stopasgroup: true,
    killasgroup: true,
    priority: 999,
    dependsOn: [],
    redirectStderr: false,
    stdout: { target: { kind: 'auto' }, maxBytes: 50 * 1024 * 1024, backups: 10 },
    stderr: { target: { kind: 'auto' }, maxBytes: 50 * 1024 * 1024, backups: 10 },
    source: { file: 'test.yaml', line: 1, column: 1 },
    oneshot: false,
    prefork: null,
    ...NO_WATCH_OR_HEALTH,
    ...overrides,
  };
}

/** A temp folder per test, and a Config rooted in it. */
export class EngineHarness {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'drover-test-'));
  readonly events: EngineEvent[] = [];
  supervisors: Supervisor[] = [];

  config(programs: ProgramConfig[], groups: Record<string, string[]> = {}, supervisor: Partial<SupervisorConfig> = {}): Config {
    return {
      file: path.join(this.dir, 'programs.yaml'),
      dir: this.dir,
      supervisor: {
        socket: path.join(this.dir, 'run/drover.sock'),
        pidfile: path.join(this.dir, 'run/drover.pid'),
        statefile: path.join(this.dir, 'run/drover.state.json'),
        logdir: path.join(this.dir, 'logs'),
        statsIntervalMs: 1000,
        watchConfig: false,
        keepPrograms: false,
        metrics: null,
        ...supervisor,
      },
      programs,
      groups,
      variables: [],
    };
  }

  async start(programs: ProgramConfig[], groups: Record<string, string[]> = {}, settings: Partial<SupervisorConfig> = {}): Promise<Supervisor> {
    const supervisor = new Supervisor(this.config(programs, groups, settings));
    this.supervisors.push(supervisor);
    supervisor.subscribe((event) => this.events.push(event), { logs: true });
    await supervisor.start();
    return supervisor;
  }

  /** Stops every supervisor and kills any process group that is somehow left. */
  async cleanup(): Promise<void> {
    for (const supervisor of this.supervisors) {
      const pids = supervisor
        .list()
        .map((p) => p.pid)
        .filter((p): p is number => p !== null);
      await Promise.race([supervisor.shutdown(), new Promise((r) => setTimeout(r, 15_000))]);
      for (const pid of pids) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone, as it should be
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
