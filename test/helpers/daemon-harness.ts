import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CliHarness } from './cli-harness.js';
import { httpRequest } from './control-harness.js';
import { isAlive, waitFor } from './wait-for.js';

/**
 * Runs `drover --daemon` in a temp folder. Daemons outlive the command that
 * started them, so cleanup finds them by the pids they announced and by the
 * pidfile, asks them to stop, and kills whatever is left, programs included.
 */
export class DaemonHarness extends CliHarness {
  private readonly daemons = new Set<number>();
  private readonly programPids = new Set<number>();

  get socket(): string {
    return path.join(this.dir, 'run', 'drover.sock');
  }

  /** `drover --daemon -c programs.yaml`, to its exit; remembers the daemon's pid. `stdio`: extra fds from 3 on (see run). */
  async startDaemon(
    extraArgs: string[] = [],
    env: NodeJS.ProcessEnv = {},
    stdio: Array<number | 'ignore'> = [],
  ): Promise<{ code: number | null; stdout: string; stderr: string; pid: number | null }> {
    const result = await this.runToEnd(['--daemon', '-c', 'programs.yaml', ...extraArgs], env, stdio);
    const match = /pid (\d+)/.exec(result.stdout);
    const pid = match ? Number(match[1]) : null;
    if (pid !== null) this.daemons.add(pid);
    return { ...result, pid };
  }

  /** Records program pids now, so cleanup can kill them even if the daemon is gone by then. */
  async rememberPrograms(socket = this.socket): Promise<Record<string, number | null>> {
    const answer = await httpRequest(socket, 'GET', '/v1/processes');
    const pids: Record<string, number | null> = {};
    for (const p of answer.json as { name: string; pid: number | null }[]) {
      pids[p.name] = p.pid;
      if (p.pid !== null) this.programPids.add(p.pid);
    }
    return pids;
  }

  pidfile(): number | null {
    try {
      return Number(readFileSync(path.join(this.dir, 'run', 'drover.pid'), 'utf8').trim());
    } catch {
      return null;
    }
  }

  override async cleanup(): Promise<void> {
    const filed = this.pidfile();
    if (filed !== null) this.daemons.add(filed);
    for (const pid of this.daemons) {
      if (!isAlive(pid)) continue;
      await this.rememberPrograms().catch(() => undefined);
      process.kill(pid, 'SIGTERM');
      await waitFor(`daemon ${pid} to exit`, () => !isAlive(pid), 15_000).catch(() => process.kill(pid, 'SIGKILL'));
    }
    for (const pid of this.programPids) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
    await super.cleanup();
  }
}
