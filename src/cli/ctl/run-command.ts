import type { ActionResult, ProcessStatus, SupervisorApi } from '../../api/supervisor-api.js';
import { calledAnswerOf, type ArgsOf, type CalledVerb } from '../../api/verbs.js';
import type { CalledCommand, CtlCommand } from './command.js';
import { Exit, exitCodeForFailedAction, type ExitCode } from './exit-codes.js';
import { anyFailed, formatActionResult, formatDiff, type ActionVerb } from './format-results.js';
import { anyStopped, formatStatusTable } from './format-status.js';
import type { CtlIo } from './ctl-io.js';

/**
 * Runs one checked command against any SupervisorApi and prints its answer.
 * API errors propagate: the caller knows the socket and phrases them.
 */
export async function runCommand(api: SupervisorApi, command: CtlCommand, json: boolean, io: CtlIo): Promise<ExitCode> {
  // One write: stdout to a pipe is synchronous, and a status of 1,000 processes was 1,000 system calls.
  const print = (lines: string[]) => {
    if (lines.length > 0) io.out.write(lines.map((line) => `${line}\n`).join(''));
  };
  const printJson = (value: unknown) => io.out.write(`${JSON.stringify(value, null, 2)}\n`);
  const actions = (verb: ActionVerb, results: ActionResult[]): ExitCode => {
    if (json) printJson({ results });
    else print(results.map((r) => formatActionResult(verb, r)));
    return anyFailed(results) ? exitCodeForFailedAction(verb) : Exit.OK;
  };
  /** A `called` verb's answer, printed by the kind the table gives it. */
  const printCalled = (verb: CalledCommand['verb'], answer: unknown): ExitCode => {
    switch (calledAnswerOf(verb)) {
      case 'results':
        return actions(verb as ActionVerb, answer as ActionResult[]);
      case 'lines':
        if (json) printJson({ lines: answer });
        else print(answer as string[]);
        return Exit.OK;
      default:
        printJson(answer);
        return Exit.OK;
    }
  };

  if ('args' in command && command.verb === 'reexec') return (await import('./reexec.js')).reexecAndWait(api, json, io);
  if ('args' in command) return printCalled(command.verb, await api.call(command.verb, command.args as ArgsOf<CalledVerb>));
  switch (command.verb) {
    case 'status': {
      const processes = await api.status(command.patterns);
      if (json) printJson(processes);
      else io.out.write(processes.length > 0 ? formatStatusTable(processes) : 'no processes\n');
      return anyStopped(processes) ? Exit.STATUS_STOPPED : Exit.OK;
    }
    case 'start':
    case 'stop':
    case 'restart':
    case 'reload':
      return actions(command.verb, await api[command.verb](command.patterns));
    case 'signal':
      return actions('signal', await api.signal(command.signal, command.patterns, { group: command.group }));
    case 'scale': {
      const results = await api.scale(command.program, command.count);
      if (!json && results.length === 0) {
        print([`${command.program}: no change`]);
        return Exit.OK;
      }
      return actions('scale', results);
    }
    case 'shutdown': {
      const code = actions('shutdown', await api.shutdown());
      if (!json) print(['supervisor: shut down']);
      return code;
    }
    case 'tail':
      // Only tail streams: the other verbs do not load the event-stream code.
      return (await import('./follow.js')).tailLogs(api, command, json, io);
    case 'pid':
      if (command.names.length === 0) return supervisorPid(api, json, io);
      return processPids(await statusInOrder(api, command.names), command.names.includes('all'), json, io);
    case 'reread':
    case 'update': {
      const diff = command.verb === 'reread' ? await api.reread() : await api.update(command.programs.length > 0 ? command.programs : undefined);
      if (json) printJson(diff);
      else print(formatDiff(diff, command.verb === 'update'));
      return Exit.OK;
    }
  }
}

async function supervisorPid(api: SupervisorApi, json: boolean, io: CtlIo): Promise<ExitCode> {
  const { pid } = await api.info();
  io.out.write(json ? `${JSON.stringify({ pid })}\n` : `${pid}\n`);
  return Exit.OK;
}

/**
 * The processes each name matches, name after name as asked (one answer lists
 * them in the supervisor's order), each process once.
 */
async function statusInOrder(api: SupervisorApi, names: string[]): Promise<ProcessStatus[]> {
  const answers = await Promise.all(names.map((name) => api.status([name])));
  const byName = new Map(answers.flat().map((p) => [p.name, p]));
  return [...byName.values()];
}

/**
 * One pid per matched process, a bare pid for one process and `NAME PID` lines
 * for more (`NAME -` for one that runs no child). A process that runs no child
 * fails the command with 7, except in `pid all`, which (as in supervisorctl)
 * lists what runs and succeeds. A single stopped process prints nothing on
 * stdout, where supervisorctl prints 0: `kill $(drover ctl pid web)` would
 * then signal the caller's own process group.
 */
function processPids(processes: ProcessStatus[], all: boolean, json: boolean, io: CtlIo): ExitCode {
  const stopped = processes.filter((p) => p.pid === null);
  if (json) {
    io.out.write(
      `${JSON.stringify(
        processes.map((p) => ({ name: p.name, pid: p.pid })),
        null,
        2,
      )}\n`,
    );
  } else {
    const lines = processes.length === 1 ? processes.filter((p) => p.pid !== null).map((p) => String(p.pid)) : processes.map((p) => `${p.name} ${p.pid ?? '-'}`);
    io.out.write(lines.map((line) => `${line}\n`).join(''));
    for (const p of stopped) io.err.write(`drover: ${p.name} is not running (${p.state})\n`);
  }
  return stopped.length > 0 && !all ? Exit.NOT_RUNNING : Exit.OK;
}
