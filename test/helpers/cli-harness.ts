import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/programs/', import.meta.url));

/** A running `drover` CLI process whose output lines a test can wait on. */
export class RunningCli {
  readonly lines: string[] = [];
  stderr = '';
  exitCode: number | null = null;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    let partial = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    // 'close', not 'exit': under load the last output can arrive after the exit.
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve((this.exitCode = code))));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Waits for an output line matching `re`; the timeout names it and shows the output. */
  async waitForLine(re: RegExp, timeoutMs = 20_000): Promise<string> {
    try {
      return await waitFor(`a line matching ${re}`, () => this.lines.find((l) => re.test(l)), timeoutMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nstdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`, { cause: err });
    }
  }

  count(re: RegExp): number {
    return this.lines.filter((l) => re.test(l)).length;
  }
}

/** Temp folder with a config; runs the built CLI; kills everything it started on cleanup. */
export class CliHarness {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'drover-cli-'));
  private readonly running: RunningCli[] = [];

  writeConfig(yaml: string, name = 'programs.yaml'): string {
    const file = path.join(this.dir, name);
    writeFileSync(file, yaml);
    return file;
  }

  /** `options.stdio`: what drover gets as fd 3, 4, … (an open fd, or 'ignore'), as a parent shell's open files would be. */
  run(args: string[], env: NodeJS.ProcessEnv = {}, options: { detached?: boolean; stdio?: Array<number | 'ignore'> } = {}): RunningCli {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: this.dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', ...(options.stdio ?? [])],
      detached: options.detached ?? false,
    });
    const cli = new RunningCli(child);
    this.running.push(cli);
    return cli;
  }

  /** Runs to completion and returns exit code and output. */
  async runToEnd(args: string[], env: NodeJS.ProcessEnv = {}, stdio: Array<number | 'ignore'> = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const cli = this.run(args, env, { stdio });
    const code = await cli.exited;
    return { code, stdout: cli.lines.join('\n'), stderr: cli.stderr };
  }

  /** Kills supervisors and, through the pids they printed, any process group left. */
  async cleanup(): Promise<void> {
    for (const cli of this.running) {
      if (cli.exitCode === null && cli.child.exitCode === null) {
        cli.child.kill('SIGTERM');
        await Promise.race([cli.exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      }
      for (const line of cli.lines) {
        const match = / pid=(\d+)/.exec(line);
        if (!match) continue;
        try {
          process.kill(-Number(match[1]), 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    killKeepers(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Keepers (drover-spawner --keep) of supervisors under `dir`, and their
 * programs: a test that killed its supervisor leaves them holding programs
 * and listening sockets.
 */
export function killKeepers(dir: string): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes('drover-spawner') || !cmdline.includes(`${dir}/`)) continue;
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${entry}/task/${entry}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    } catch {
      // gone
    }
    // Its programs first (each leads its own process group), then the keeper.
    for (const pid of [...children.map((child) => -child), Number(entry)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}
