import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliHarness } from './cli-harness.js';
import { freePort } from './free-port.js';
import { isAlive, waitFor } from './wait-for.js';
import { readRecord } from '../../src/engine/state-file.js';

const BENCH_FIXTURES = fileURLToPath(new URL('../../bench/fixtures/', import.meta.url));
/** Prints "<pid>-<tag> <10-digit number>" lines and keeps the last number write(2) took in a side file. */
const WRITER = path.join(BENCH_FIXTURES, 'numbered-writer.mjs');
const HELLO_APP = path.join(BENCH_FIXTURES, 'hello.mjs');
const MARK_VAR = 'DROVER_KEEP_TEST_MARK';
export const WORKERS = 2;

export interface RunPids {
  web: number[];
  writer: number[];
}

interface StatusEntry {
  name: string;
  state: string;
  pid: number | null;
}

/**
 * One `drover --daemon` config for issue 22's proof: `web`, a prefork program
 * on the built-in runtime (2 workers), and `writer`, numbered lines every 3 ms
 * to a log file rotated at 256 KiB with 100 backups (rotation, never a
 * deletion within a test). Every process it starts carries a mark in its
 * environment, which the supervisor, its keepers and the programs inherit,
 * so cleanup finds all of them whoever their parent is by then.
 */
export class KeepRun extends CliHarness {
  readonly mark = `${process.pid}-${randomBytes(6).toString('hex')}`;
  readonly sideDir = path.join(this.dir, 'writer-last');
  readonly logFile = path.join(this.dir, 'logs', 'writer.log');
  readonly droverLog = path.join(this.dir, 'logs', 'drover.log');
  port = 0;
  /** The supervisor running now, as its launcher announced it. */
  supervisorPid: number | null = null;

  async configure(keepPrograms: boolean): Promise<void> {
    this.port = await freePort();
    mkdirSync(this.sideDir, { recursive: true });
    mkdirSync(path.join(this.dir, 'logs'), { recursive: true });
    const run = path.join(this.dir, 'run');
    const config = {
      supervisor: {
        logdir: path.join(this.dir, 'logs'),
        socket: path.join(run, 'drover.sock'),
        pidfile: path.join(run, 'drover.pid'),
        statefile: path.join(run, 'drover.state.json'),
        keep_programs: keepPrograms,
      },
      programs: {
        web: { type: 'prefork', bind: `127.0.0.1:${this.port}`, workers: WORKERS, app: HELLO_APP },
        writer: {
          command: `${process.execPath} ${WRITER} ${this.sideDir} 3`,
          startsecs: 0,
          stdout_logfile: this.logFile,
          stdout_logfile_maxbytes: '256KB',
          stdout_logfile_backups: 100,
        },
      },
    };
    // JSON is YAML.
    writeFileSync(path.join(this.dir, 'programs.yaml'), `${JSON.stringify(config, null, 1)}\n`);
  }

  /** `drover --daemon`; resolves with the new supervisor's pid once the launcher says it answers. */
  async startDaemon(): Promise<number> {
    const result = await this.runToEnd(['--daemon', '-c', 'programs.yaml'], { [MARK_VAR]: this.mark });
    const match = /supervisor running, pid (\d+)/.exec(result.stdout);
    if (result.code !== 0 || !match) throw new Error(`drover --daemon exited ${result.code}:\n${result.stdout}\n${result.stderr}\n${this.logTail()}`);
    this.supervisorPid = Number(match[1]);
    return this.supervisorPid;
  }

  ctl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return this.runToEnd(['ctl', '--socket', path.join(this.dir, 'run', 'drover.sock'), ...args], { [MARK_VAR]: this.mark });
  }

  async status(): Promise<StatusEntry[]> {
    const result = await this.ctl(['status', '--json']);
    // 3: something is not RUNNING, an answer too.
    if (result.code !== 0 && result.code !== 3) throw new Error(`ctl status --json exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as StatusEntry[];
  }

  /** Polls `ctl status --json` until both workers and the writer are RUNNING; their pids. */
  async waitAllRunning(timeoutMs = 60_000): Promise<RunPids> {
    let last: RunPids = { web: [], writer: [] };
    try {
      return await waitFor(
        'both workers and the writer RUNNING',
        async () => {
          last = runningPids(await this.status());
          return last.web.length === WORKERS && last.writer.length === 1 ? last : null;
        },
        timeoutMs,
        50,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; RUNNING ${JSON.stringify(last)}\n${this.logTail()}`, { cause: err });
    }
  }

  /**
   * SIGKILL to the supervisor; resolves once its pid is gone. First every running process must be in its state
   * journal: a spawn is recorded a turn of the supervisor's loop after it, and a process not recorded yet when its
   * supervisor dies is one the next drover cannot name (it stops it and starts afresh; docs/keeping-programs.md).
   */
  async killSupervisor(): Promise<void> {
    const pid = this.supervisorPid!;
    const running = (await this.status()).flatMap((p) => (p.pid ? [p.pid] : []));
    const journal = path.join(this.dir, 'run', 'drover.state.json');
    await waitFor('the state journal to name every running process', () => running.every((child) => readRecord(journal)?.processes.some((p) => p.pid === child)));
    process.kill(pid, 'SIGKILL');
    await waitFor(`the SIGKILLed supervisor ${pid} to be gone`, () => !isAlive(pid), 20_000);
    this.supervisorPid = null;
  }

  /** The `drover-spawner --keep` helpers of this run's folder. */
  keeperPids(): number[] {
    const run = path.join(this.dir, 'run');
    return scanProc((pid) => {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      return argv.some((a) => a.endsWith('drover-spawner')) && argv.includes('--keep') && argv.some((a) => a.startsWith(run));
    });
  }

  /** Every live process of this run: the mark in its environment, or the run's folder in its command line. */
  processesOfRun(): number[] {
    const needle = Buffer.from(`${MARK_VAR}=${this.mark}\0`);
    return scanProc((pid) => readFileSync(`/proc/${pid}/environ`).includes(needle) || readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(this.dir));
  }

  logTail(lines = 30): string {
    try {
      return `drover.log, last lines:\n${readFileSync(this.droverLog, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`;
    } catch {
      return '(no drover.log)';
    }
  }

  /** The log file and its rotated copies. */
  logFiles(): string[] {
    const base = path.basename(this.logFile);
    const dir = path.dirname(this.logFile);
    return readdirSync(dir)
      .filter((f) => f === base || (f.startsWith(`${base}.`) && /^\d+$/.test(f.slice(base.length + 1))))
      .map((f) => path.join(dir, f));
  }

  override async cleanup(): Promise<void> {
    if (this.supervisorPid !== null && isAlive(this.supervisorPid)) {
      await this.ctl(['shutdown']).catch(() => undefined);
      await waitFor('the supervisor to stop', () => !isAlive(this.supervisorPid!), 20_000).catch(() => undefined);
    }
    for (let round = 0; round < 20; round++) {
      const left = this.processesOfRun();
      if (left.length === 0) break;
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await super.cleanup();
  }
}

function scanProc(test: (pid: number) => boolean): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      // A zombie has an empty environ and cmdline: it holds nothing and is its parent's to reap.
      if (isAlive(Number(entry)) && test(Number(entry))) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

export function runningPids(procs: StatusEntry[]): RunPids {
  const of = (program: string) =>
    procs
      .filter((p) => p.name.startsWith(`${program}:`) && p.state === 'RUNNING' && p.pid)
      .map((p) => p.pid!)
      .sort((a, b) => a - b);
  return { web: of('web'), writer: of('writer') };
}

/** The bench's own reading of the numbered lines (bench/lib/numbered-lines.mjs): the test and the bench judge alike. */
export { checkNumberedLines as countLines } from '../../bench/lib/numbered-lines.mjs';
