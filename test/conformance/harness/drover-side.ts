import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfigSpec, CtlResult, Transition } from './case-types.js';
import { DROVER_MAIN } from './paths.js';
import { renderYaml } from './render-yaml.js';
import { SideBase } from './side-base.js';

/** `… a:a STARTING -> RUNNING pid=12 (…)`: drover's line output, one line per state change. */
const STATE_LINE = /^\S+ \S+ (\S+) ([A-Z]+) -> ([A-Z]+)\b/;

interface StatusRow {
  processName: string;
  exitCode: number | null;
  exitSignal: string | null;
}

/**
 * drover (this checkout's dist/) running a case: `--daemon --foreground`, its
 * state changes read from its line output, which is what drover.log gets
 * when it runs detached.
 */
export class DroverSide extends SideBase {
  private readonly lines: string[] = [];

  constructor() {
    super('drover');
  }

  writeConfig(config: ConfigSpec): void {
    writeFileSync(path.join(this.dir, 'programs.yaml'), renderYaml(config, this.dir));
  }

  async start(): Promise<void> {
    const child = this.launch(process.execPath, [DROVER_MAIN, '--daemon', '--foreground', '-c', 'programs.yaml'], 'pipe');
    this.collectLines(child);
    await this.waitForSocket(path.join(this.dir, 'run', 'drover.sock'), () => this.lines.join('\n'));
  }

  private collectLines(child: ChildProcess): void {
    for (const stream of [child.stdout!, child.stderr!]) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        this.lines.push(...parts);
      });
    }
  }

  ctl(...args: string[]): Promise<CtlResult> {
    return this.runCommand(process.execPath, [DROVER_MAIN, 'ctl', '-c', 'programs.yaml', ...args]);
  }

  transitions(): Transition[] {
    const found: Transition[] = [];
    for (const line of this.lines) {
      const match = STATE_LINE.exec(line);
      if (!match) continue;
      const pid = / pid=(\d+)/.exec(line);
      found.push({ process: match[1]!.slice(match[1]!.indexOf(':') + 1), from: match[2]!, to: match[3]!, pid: pid ? Number(pid[1]) : null });
    }
    return found;
  }

  supervisorLog(): string {
    return this.lines.join('\n');
  }

  async lastExit(processName: string): Promise<string | null> {
    const result = await this.ctl('status', '--json');
    let rows: StatusRow[];
    try {
      rows = JSON.parse(result.out) as StatusRow[];
    } catch {
      return `unreadable status (exit ${result.code}): ${result.out.trim()}`;
    }
    const row = rows.find((r) => r.processName === processName);
    if (!row) return null;
    if (row.exitSignal !== null) return `signal ${row.exitSignal.replace(/^SIG/, '')}`;
    return row.exitCode !== null ? `exit ${row.exitCode}` : null;
  }
}
