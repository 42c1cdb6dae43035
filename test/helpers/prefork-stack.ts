import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { DaemonHarness } from './daemon-harness.js';
import { waitFor } from './wait-for.js';

/**
 * A real Python server run as a `type: prefork` program by a real drover
 * daemon, seen from outside: `drover ctl` for its workers, HTTP for what
 * they answer. The apps answer `hello from <pid>` with the pid of the process
 * that served the request.
 */
export interface PreforkStack {
  h: DaemonHarness;
  /** The prefork program's name in programs.yaml. */
  program: string;
  port: number;
}

export interface WorkerStatus {
  name: string;
  program: string;
  state: string;
  pid: number | null;
}

/** One `type: prefork` program serving a fixture app folder, written to the daemon's programs.yaml. */
export function writePreforkProgram(
  h: DaemonHarness,
  program: { name: string; port: number; workers: number; command: string; directory: string; readyLog: string; extra?: string[] },
): void {
  h.writeConfig(
    [
      'programs:',
      `  ${program.name}:`,
      '    type: prefork',
      `    bind: 127.0.0.1:${program.port}`,
      `    workers: ${program.workers}`,
      `    command: ${program.command}`,
      `    directory: ${program.directory}`,
      '    environment: { PYTHONDONTWRITEBYTECODE: "1" }',
      `    ready_when: { log: "${program.readyLog}" }`,
      ...(program.extra ?? []),
      '',
    ].join('\n'),
  );
}

/** A worker boots a Python interpreter and imports the app: on a busy 2-core machine that takes seconds. */
export const STACK_DEADLINE_MS = 60_000;

/** The program's workers, from `drover ctl status --json`. */
export async function readWorkers({ h, program }: PreforkStack): Promise<WorkerStatus[]> {
  const status = await h.runToEnd(['ctl', 'status', '--json']);
  if (status.stdout.trim() === '') throw new Error(`ctl status printed nothing: ${status.stderr}`);
  return (JSON.parse(status.stdout) as WorkerStatus[]).filter((p) => p.program === program);
}

/** Waits until the program has exactly `count` workers, all RUNNING; returns their pids (remembered for cleanup). */
export async function waitForWorkers(stack: PreforkStack, count: number, also: (pids: number[]) => boolean = () => true): Promise<number[]> {
  const pids = await waitFor(
    `${count} ${stack.program} workers RUNNING`,
    async () => {
      const workers = await readWorkers(stack);
      await stack.h.rememberPrograms();
      const pids = workers.map((w) => w.pid!);
      return workers.length === count && workers.every((w) => w.state === 'RUNNING') && also(pids) ? pids : null;
    },
    STACK_DEADLINE_MS,
    200,
  );
  return pids;
}

/** The pid in an answer `hello from <pid>\n`, or null for any other answer. */
export function answerPid(body: string): number | null {
  const match = /^hello from (\d+)\n$/.exec(body);
  return match === null ? null : Number(match[1]);
}

function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * The drover worker that served an answer: uvicorn answers from the worker's
 * own pid, gunicorn from the one worker process its master (the drover
 * worker) forked. null: no current worker served it.
 */
export function servingWorker(answer: number, workers: readonly number[]): number | null {
  if (workers.includes(answer)) return answer;
  const parent = parentPid(answer);
  return parent !== null && workers.includes(parent) ? parent : null;
}

/** One GET on a new connection (no keep-alive), so the kernel picks the worker each time; resolves with the status and body. */
export function requestOnNewConnection(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('timeout', function (this: { destroy(err: Error): void }) {
        this.destroy(new Error('no answer within 10 s'));
      })
      .on('error', reject)
      .end();
  });
}

/**
 * Sends batches of concurrent requests, each on its own connection, until
 * every worker in `workers` has answered one. Every request must get a 200
 * from one of them: an answer from anywhere else is a process drover lost
 * track of, and an error is a failed request; either fails at once.
 */
export async function expectEveryWorkerServes(port: number, workers: readonly number[]): Promise<void> {
  const unseen = new Set(workers);
  let problem: string | null = null;
  await waitFor(
    `answers from every worker (${workers.join(', ')})`,
    async () => {
      const batch = Array.from({ length: workers.length * 2 }, () => requestOnNewConnection(port));
      for (const outcome of await Promise.allSettled(batch)) {
        if (outcome.status === 'rejected') problem ??= `a request failed: ${(outcome.reason as Error).message}`;
        else if (outcome.value.status !== 200 || answerPid(outcome.value.body) === null)
          problem ??= `unexpected answer: HTTP ${outcome.value.status} ${JSON.stringify(outcome.value.body)}`;
        else {
          const pid = answerPid(outcome.value.body)!;
          const served = servingWorker(pid, workers);
          if (served === null) problem ??= `answered by pid ${pid}, no worker of the program (${workers.join(', ')})`;
          else unseen.delete(served);
        }
      }
      return problem !== null || unseen.size === 0;
    },
    STACK_DEADLINE_MS,
    0,
  );
  if (problem !== null) throw new Error(problem);
}

/** What a plain TCP connect gets within 2 s: refused, accepted (by a worker or the kernel's queue), or nothing. */
export function tryConnect(port: number): Promise<'refused' | 'connected' | 'no answer'> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (outcome: 'refused' | 'connected' | 'no answer') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('no answer'), 2000);
    socket.once('connect', () => finish('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'refused' : 'no answer'));
  });
}
