import type { ProgramConfig } from '../../config/runtime.js';
import type { ProcessUsage } from '../../api/supervisor-api.js';
import { formatBytes } from '../../api/units.js';

interface CpuHistory {
  pid: number;
  samples: { at: number; percent: number }[];
}

/**
 * `max_memory` and `max_cpu`: reads each stats sample and asks for a process
 * to be replaced when its whole tree goes over a limit: memory at once, CPU
 * when its average over the window is over (a short burst is not). A process
 * is reported once per pid: its replacement is under way.
 */
export class ResourceLimits {
  private readonly cpu = new Map<string, CpuHistory>();
  private readonly tripped = new Set<string>();

  constructor(private readonly replace: (name: string, reason: string) => void) {}

  /** True when any of the programs has a limit: samples are needed. */
  static wanted(programs: ProgramConfig[]): boolean {
    return programs.some((p) => p.maxMemoryBytes !== null || p.maxCpu !== null);
  }

  sample(at: number, processes: ProcessUsage[], programOf: (name: string) => ProgramConfig | undefined): void {
    const seen = new Set<string>();
    for (const usage of processes) {
      seen.add(usage.name);
      const program = programOf(usage.name);
      if (!program) continue;
      const reason = this.overMemory(usage, program) ?? this.overCpu(at, usage, program);
      const key = `${usage.name}@${usage.pid}`;
      if (reason === null || this.tripped.has(key)) continue;
      this.tripped.add(key);
      this.replace(usage.name, reason);
    }
    // Forget processes that are gone or have a new pid, so memory stays bounded.
    for (const name of this.cpu.keys()) if (!seen.has(name)) this.cpu.delete(name);
    for (const key of this.tripped) if (!seen.has(key.slice(0, key.lastIndexOf('@')))) this.tripped.delete(key);
  }

  private overMemory(usage: ProcessUsage, program: ProgramConfig): string | null {
    const limit = program.maxMemoryBytes;
    if (limit === null || usage.rssBytes <= limit) return null;
    return `${usage.name} (pid ${usage.pid}) uses ${formatBytes(usage.rssBytes)} (whole tree), over its max_memory of ${formatBytes(limit)}: replacing it`;
  }

  private overCpu(at: number, usage: ProcessUsage, program: ProgramConfig): string | null {
    const limit = program.maxCpu;
    if (limit === null) return null;
    let history = this.cpu.get(usage.name);
    if (!history || history.pid !== usage.pid) {
      history = { pid: usage.pid, samples: [] };
      this.cpu.set(usage.name, history);
    }
    history.samples.push({ at, percent: usage.cpuPercent });
    // Keep just enough samples to cover the window.
    while (history.samples.length > 1 && at - history.samples[1]!.at >= limit.windowMs) history.samples.shift();
    const first = history.samples[0]!;
    // Each sample covers the interval before it, so the first one's own interval is outside what it measures.
    if (history.samples.length < 2 || at - first.at < limit.windowMs - 1) return null;
    const measured = history.samples.slice(1);
    const average = measured.reduce((sum, s) => sum + s.percent, 0) / measured.length;
    if (average <= limit.percent) return null;
    return `${usage.name} (pid ${usage.pid}) averaged ${average.toFixed(1)}% CPU (whole tree) over ${Math.round((at - first.at) / 1000)}s, over its max_cpu of ${limit.percent}%: replacing it`;
  }
}
