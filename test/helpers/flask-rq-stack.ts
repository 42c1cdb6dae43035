import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaemonHarness } from './daemon-harness.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

/**
 * The Flask + rq + redis stack of test/fixtures/stacks/flask-rq, run by a real
 * drover daemon in a temp folder that holds the app as a user's project folder
 * would: app.py, jobs.py and the config. Only the two ports come from the
 * environment, so stacks run side by side.
 */

export const STACK_FIXTURES = fileURLToPath(new URL('../fixtures/stacks/flask-rq/', import.meta.url));

export interface StackProcess {
  name: string;
  program: string;
  state: string;
  pid: number | null;
}

/** What the app's GET /jobs answers: counts kept in redis by the app, the jobs and rq. */
export interface JobCounts {
  enqueued: number;
  /** Distinct jobs that finished. */
  done: number;
  /** The numbers of the jobs enqueued that have not finished (yet). */
  not_done: number[];
  /** Job executions: more than `done` means a job ran twice. */
  runs: number;
  queued: number;
  started: number;
  /** rq's failed job registry, as `id: end of the traceback`. */
  failed: string[];
  /** Numbers of the jobs still "queued" that are in no queue: taken by a worker that ended before starting them. */
  orphaned: number[];
}

/** Where the stack's programs.yaml comes from. */
export interface StackVariant {
  name: string;
  /**
   * Whether web and workers wait until redis is ready (depends_on and a
   * readiness probe), rather than only being started after it (priority).
   */
  waitsForRedis: boolean;
  /** Writes programs.yaml into the stack's folder; returns the control socket it names. */
  writeConfig(stack: FlaskRqStack): Promise<string>;
}

/** programs.yaml as the docs tell a drover user to write it. */
export const WRITTEN_FOR_DROVER: StackVariant = {
  name: 'written for drover',
  waitsForRedis: true,
  writeConfig(stack) {
    stack.copyFixture('programs.yaml');
    return Promise.resolve(path.join(stack.dir, 'run', 'drover.sock'));
  },
};

/** supervisord.conf through `drover import` and `drover check`, as docs/import-export.md says to move in. */
export const IMPORTED_FROM_SUPERVISORD: StackVariant = {
  name: 'imported from supervisord.conf',
  waitsForRedis: false,
  async writeConfig(stack) {
    stack.copyFixture('supervisord.conf');
    const imported = await stack.runToEnd(['import', 'supervisord.conf'], stack.env);
    if (imported.code !== 0) throw new Error(`drover import failed (exit ${imported.code}):\n${imported.stderr}`);
    stack.writeConfig(`${imported.stdout}\n`);
    const checked = await stack.runToEnd(['check', '-c', 'programs.yaml'], stack.env);
    if (checked.code !== 0) throw new Error(`drover check refused the imported config (exit ${checked.code}):\n${checked.stdout}\n${checked.stderr}\n${imported.stdout}`);
    // supervisorctl's socket was [unix_http_server] file=%(here)s/supervisor.sock; import keeps it.
    return path.join(stack.dir, 'supervisor.sock');
  },
};

export class FlaskRqStack extends DaemonHarness {
  redisPort = 0;
  webPort = 0;
  private controlSocket: string | null = null;

  /** The daemon's socket: the one the config names, so cleanup reaches an imported stack too. */
  override get socket(): string {
    return this.controlSocket ?? super.socket;
  }

  /** What the user's shell exports: the ports the configs interpolate. */
  get env(): NodeJS.ProcessEnv {
    return { REDIS_PORT: String(this.redisPort), WEB_PORT: String(this.webPort), PYTHONDONTWRITEBYTECODE: '1' };
  }

  copyFixture(name: string): void {
    copyFileSync(path.join(STACK_FIXTURES, name), path.join(this.dir, name));
  }

  /** Writes the variant's config beside the app, starts the daemon and waits until all 6 processes are RUNNING. */
  async start(variant: StackVariant): Promise<StackProcess[]> {
    this.redisPort = await freePort();
    do this.webPort = await freePort();
    while (this.webPort === this.redisPort);
    for (const file of ['app.py', 'jobs.py']) this.copyFixture(file);
    this.controlSocket = await variant.writeConfig(this);
    const started = await this.startDaemon([], this.env);
    if (started.code !== 0) throw new Error(`drover --daemon failed (exit ${started.code}):\n${started.stderr}`);
    return this.waitUntilRunning('the stack to start');
  }

  async waitUntilRunning(what: string): Promise<StackProcess[]> {
    try {
      return await waitFor(
        `${what}: redis, web and 4 workers RUNNING`,
        async () => {
          const list = await this.status();
          await this.rememberPrograms();
          return list.length === 6 && list.every((p) => p.state === 'RUNNING') ? list : null;
        },
        90_000,
        200,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\ndrover.log:\n${this.droverLog().join('\n')}\n${this.programLogs()}`, { cause: err });
    }
  }

  ctl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return this.runToEnd(['ctl', '-c', 'programs.yaml', ...args], this.env);
  }

  async status(): Promise<StackProcess[]> {
    const answer = await this.ctl(['status', '--json']);
    return JSON.parse(answer.stdout) as StackProcess[];
  }

  async jobs(): Promise<JobCounts> {
    const answer = await httpCall(this.webPort, 'GET', '/jobs');
    if (answer.status !== 200) throw new Error(`GET /jobs answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as JobCounts;
  }

  async enqueue(n: number): Promise<void> {
    const answer = await httpCall(this.webPort, 'POST', `/jobs?n=${n}`);
    if (answer.status !== 202) throw new Error(`POST /jobs?n=${n} answered ${answer.status}: ${answer.body}`);
  }

  /**
   * Polls GET /jobs until every one of `enqueued` jobs is done or orphaned and
   * none waits or runs, twice in a row: a job a live worker is just taking is
   * briefly in no queue too. The timeout shows the last counts.
   */
  async waitUntilSettled(enqueued: number, timeoutMs = 90_000): Promise<JobCounts> {
    let last: JobCounts | null = null;
    let settledBefore = '';
    try {
      return await waitFor(
        `all ${enqueued} jobs done or orphaned, none queued or running`,
        async () => {
          const counts = (last = await this.jobs());
          const settled = counts.done + counts.orphaned.length >= enqueued && counts.queued === 0 && counts.started === 0;
          const same = settled && JSON.stringify(counts) === settledBefore;
          settledBefore = settled ? JSON.stringify(counts) : '';
          return same ? counts : null;
        },
        timeoutMs,
        200,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; last counts: ${JSON.stringify(last)}\n${this.programLogs()}`, { cause: err });
    }
  }

  droverLog(): string[] {
    try {
      return readFileSync(path.join(this.dir, 'logs', 'drover.log'), 'utf8')
        .split('\n')
        .filter((line) => line !== '');
    } catch {
      return [];
    }
  }

  /** The programs' own log files, for a failure message. */
  programLogs(): string {
    const dir = path.join(this.dir, 'logs');
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f !== 'drover.log');
    } catch {
      return '';
    }
    return files.map((f) => `--- ${f}\n${readFileSync(path.join(dir, f), 'utf8').split('\n').slice(-15).join('\n')}`).join('\n');
  }
}

/** One HTTP request on a new connection, with a deadline of its own. */
function httpCall(port: number, method: string, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, method, path: urlPath, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('timeout', function (this: { destroy(err: Error): void }) {
        this.destroy(new Error(`${method} ${urlPath}: no answer within 10 s`));
      })
      .on('error', reject)
      .end();
  });
}

/** True when a TCP connection to the port is refused: nothing listens there any more. */
export function isRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/** Every live pid whose process group is one of `pgids`: each main process and what it forked. */
export function groupMembers(pgids: number[]): number[] {
  const wanted = new Set(pgids);
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (wanted.has(pgrp)) members.push(Number(entry));
    } catch {
      // exited while /proc was read
    }
  }
  return members;
}
