import type { ProbeCheck, ProgramConfig } from '../config/runtime.js';
import type { ProgramSummary } from '../api/supervisor-api.js';

/** A program as the view lists it: what it runs, how many, where it listens, what says it is ready. */
export function summarizeProgram(program: ProgramConfig): ProgramSummary {
  const app = program.prefork?.app ?? null;
  return {
    name: program.name,
    command: app === null ? program.command.join(' ') : `app ${app}`,
    processes: program.numprocs,
    bind: program.prefork?.bind.map((address) => address.text) ?? [],
    readiness: program.readiness === null ? null : describeCheck(program.readiness.check),
  };
}

function describeCheck(check: ProbeCheck): string {
  switch (check.kind) {
    case 'http':
      return `http ${check.url}`;
    case 'tcp':
      return `tcp ${check.host}:${check.port}`;
    case 'exec':
      return `exec ${check.argv.join(' ')}`;
    case 'log':
      return `log /${check.pattern}/`;
  }
}
