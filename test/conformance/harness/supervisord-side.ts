import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfigSpec, CtlResult, Transition } from './case-types.js';
import { waitUntil } from './observe.js';
import { FIXTURES } from './paths.js';
import { renderIni } from './render-ini.js';
import { SideBase } from './side-base.js';

function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** The part after the last colon: supervisord logs `a` or `group:a` depending on the message. */
function processPart(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}

/** Whether `command` is an executable file in one of PATH's folders. */
function isOnPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((folder) => {
    try {
      accessSync(path.join(folder || '.', command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * supervisord 4.2.5 (Debian's `supervisor` package) running a case: `-n` in
 * the foreground, its state changes written by the state_recorder plugin.
 */
export class SupervisordSide extends SideBase {
  constructor() {
    super('supervisord');
  }

  get configFile(): string {
    return path.join(this.dir, 'supervisord.conf');
  }

  writeConfig(config: ConfigSpec): void {
    writeFileSync(this.configFile, renderIni(config, this.dir));
  }

  async start(): Promise<void> {
    // The referee is required: without it every case fails, rather than passing unjudged.
    if (!isOnPath('supervisord') || !isOnPath('supervisorctl')) {
      throw new Error('supervisord is not installed: the conformance suite runs every case under it (Debian/Ubuntu: apt-get install supervisor; .ci/run does this)');
    }
    mkdirSync(path.join(this.dir, 'logs'), { recursive: true });
    const output = openSync(path.join(this.dir, 'supervisord.out'), 'a');
    // The recorder plugin is imported by module name: it must be on Python's path.
    const pythonPath = [FIXTURES, process.env.PYTHONPATH].filter(Boolean).join(':');
    this.launch('supervisord', ['-n', '-c', this.configFile], output, { PYTHONPATH: pythonPath });
    closeSync(output);
    await this.waitForSocket(path.join(this.dir, 'supervisor.sock'), () => readText(path.join(this.dir, 'supervisord.out')));
  }

  ctl(...args: string[]): Promise<CtlResult> {
    return this.runCommand('supervisorctl', ['-c', this.configFile, ...args]);
  }

  transitions(): Transition[] {
    const lines = readText(path.join(this.dir, 'states.log')).split('\n').filter(Boolean);
    return lines.map((line) => {
      const [, processName = '', from = '', to = '', pid = '0'] = line.split(' ');
      return { process: processName, from, to, pid: Number(pid) || null };
    });
  }

  supervisorLog(): string {
    return readText(path.join(this.dir, 'supervisord.log'));
  }

  async lastExit(processName: string): Promise<string | null> {
    // supervisord logs an exit just after recording the state change: give the line a moment.
    let last: string | null = null;
    await waitUntil(() => (last = this.findLastExit(processName)) !== null, 3000);
    return last;
  }

  private findLastExit(processName: string): string | null {
    let last: string | null = null;
    const pattern = /(?:exited|stopped): (\S+) \((?:exit status (\d+)|terminated by SIG(\w+))/;
    for (const line of this.supervisorLog().split('\n')) {
      const match = pattern.exec(line);
      if (!match || processPart(match[1]!) !== processName) continue;
      last = match[2] !== undefined ? `exit ${match[2]}` : `signal ${match[3]}`;
    }
    return last;
  }
}
