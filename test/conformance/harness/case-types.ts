/**
 * The shapes every part of the conformance suite shares: a case's config (one
 * description rendered both as supervisord.conf and as programs.yaml), what a
 * case observes, and the handle it drives either supervisor through.
 */
import type { DifferenceId } from './differences.js';

/** A program's options, named as in both files. Strings may use `{dir}` (the side's temp folder) and `{fixtures}`. */
export type ProgramSpec = Record<string, string | number | boolean | number[] | Record<string, string>>;

export interface ConfigSpec {
  programs: Record<string, ProgramSpec>;
  groups?: Record<string, string[]>;
  /**
   * drover's defaults differ from supervisord's for stopasgroup and killasgroup
   * (true against false). Unless this is set, supervisord.conf gets drover's
   * values written out, so that a case compares behaviour, not defaults.
   */
  nativeDefaults?: boolean;
}

/** What a case saw, as `key → value` strings that compare equal when the behaviour is the same. */
export type Observation = Record<string, string>;

export type SupervisorKind = 'supervisord' | 'drover';

export interface Transition {
  /** The process part of the name (`a`, `web_00`): the one both supervisors share. */
  process: string;
  from: string;
  to: string;
  /** The pid the supervisor reported with the change; null when it gave none (supervisord gives 0 before the fork). */
  pid: number | null;
}

export interface CtlResult {
  /** Exit code, or -1 when the command had to be killed after its deadline. */
  code: number;
  out: string;
  ms: number;
}

/** One supervisor running a case in its own temp folder. */
export interface Side {
  readonly kind: SupervisorKind;
  readonly dir: string;
  /** Writes the config file (again, for reread and update). */
  writeConfig(config: ConfigSpec): void;
  /** Starts the supervisor and returns once its control socket answers. */
  start(): Promise<void>;
  /** supervisorctl or `drover ctl`, with the same arguments. */
  ctl(...args: string[]): Promise<CtlResult>;
  /** Every state change seen so far, in order, across restarts of the supervisor. */
  transitions(): Transition[];
  /** What the supervisor itself logged (supervisord.log; drover's line output). */
  supervisorLog(): string;
  /** The newest exit of a process, as `exit N` or `signal NAME`; null before any. */
  lastExit(process: string): Promise<string | null>;
  signalSupervisor(signal: NodeJS.Signals): void;
  /** SIGKILL for the supervisor alone, as a crash would; its programs stay. */
  crashSupervisor(): Promise<void>;
  /** Kills the supervisor and everything started under it. */
  cleanup(): Promise<void>;
}

export interface ConformanceCase {
  /** Short kebab-case id, shown in the table. */
  name: string;
  /** What the case shows, in one line. */
  covers: string;
  config: ConfigSpec;
  /** Prepares the side's folder before the supervisor starts (folders the config names, say). */
  prepare?(side: Side): void;
  /** Drives the supervisor and says what it saw. Runs on both sides at once. */
  observe(side: Side): Promise<Observation>;
  /** drover differs here on purpose: the documented difference, and what drover must show instead. */
  difference?: { id: DifferenceId; expectDrover: (supervisord: Observation) => Observation };
  /** A drover feature supervisord lacks: drover's observation must equal this, and supervisord is not run. */
  droverOnly?: { why: string; expect: Observation };
}

export type Verdict = 'same' | 'different on purpose' | 'drover only' | 'DIFFERENT';

export interface CaseResult {
  name: string;
  covers: string;
  supervisord: Observation | null;
  drover: Observation;
  verdict: Verdict;
  /** Why the verdict is what it is: the difference named, or the keys that differ. */
  note: string;
}
