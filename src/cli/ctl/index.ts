import { statSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../api/api-error.js';
import { SocketApi } from '../../client/socket-client.js';
import { describeSource, findSocketPath, SocketPathError, type SocketLocation } from '../../client/socket-path.js';
import { CtlUsageError, parseCtlCommand, VERB_USAGE, type CtlArgs } from './command.js';
import { writeCtlError, type CtlError } from './ctl-error.js';
import { Exit, exitCodeForError, type ExitCode } from './exit-codes.js';
import { runCommand } from './run-command.js';

/**
 * `drover ctl VERB …`: a client of the control socket and nothing more. It
 * must start fast, so it loads neither the engine, Ink, React nor (for usual
 * configs) the yaml parser; test/cli/ctl-imports.test.ts holds it to that.
 */
export async function runCtl(
  args: CtlArgs,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  const json = args.flags.has('--json');
  let command;
  try {
    command = parseCtlCommand(args);
  } catch (error) {
    if (!(error instanceof CtlUsageError)) throw error;
    writeCtlError({ code: 'USAGE', message: error.message }, json, { out, err }, ctlUsage(error.verb));
    return Exit.USAGE;
  }
  let location: SocketLocation;
  try {
    location = await findSocketPath({ socket: args.socket, config: args.config }, env);
  } catch (error) {
    if (!(error instanceof SocketPathError)) throw error;
    writeCtlError({ code: 'SOCKET_UNKNOWN', message: error.message }, json, { out, err });
    return Exit.USAGE;
  }
  // A reader that goes away (`ctl status | head -1`) is not an error worth a
  // stack trace; it also ends a `tail -f`. The listener stays until exit:
  // the EPIPE of a last write is reported after that write returned.
  let outClosed!: () => void;
  const closed = new Promise<void>((resolve) => (outClosed = resolve));
  out.on('error', outClosed);
  try {
    return await runCommand(new SocketApi(location.path), command, json, {
      out,
      err,
      colour: (out as { isTTY?: boolean }).isTTY === true && !env.NO_COLOR,
      untilStopped: () => untilStopped(closed),
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    writeCtlError(describeApiError(error, location), json, { out, err });
    return exitCodeForError(error.code, command.verb);
  }
}

/** `drover: <message>` and every detail line (config errors with file:line:col). */
export function formatApiError(error: ApiError, location: SocketLocation): string {
  const { message, details } = describeApiError(error, location);
  return [`drover: ${message}`, ...details].map((line) => `${line}\n`).join('');
}

/** The error with its message said for this socket: whose it is, and where it was looked for. */
function describeApiError(error: ApiError, location: SocketLocation): CtlError & { details: readonly string[] } {
  const reason = typeof error.cause === 'string' ? error.cause : null;
  const message =
    error.code === 'UNREACHABLE' && reason !== null
      ? reason.endsWith('EACCES')
        ? accessDenied(location)
        : `no supervisor answers at ${location.path} (${describeSource(location.source)}): ${reason}`
      : error.message;
  return { code: error.code, message, details: error.details };
}

/**
 * The socket's folder is 0700 and the socket 0600 (see control/socket-guard.ts):
 * only the user drover runs as, and root, may connect. Say whose it is.
 */
function accessDenied(location: SocketLocation): string {
  const dir = path.dirname(location.path);
  let owner = 'another user';
  try {
    owner = `uid ${statSync(dir).uid}`;
  } catch {
    // The folder above is private too: nothing more to say.
  }
  return `permission denied at ${location.path} (${describeSource(location.source)}): the control socket is private to the user drover runs as (${dir} belongs to ${owner}); run drover ctl as that user`;
}

export function ctlUsage(verb: keyof typeof VERB_USAGE | null): string {
  if (verb !== null) return `usage: drover ctl ${VERB_USAGE[verb]} [--json]\n`;
  const verbs = Object.values(VERB_USAGE).map((usage) => `  drover ctl ${usage}\n`);
  return `usage:\n${verbs.join('')}(every verb takes --json; see drover --help)\n`;
}

/** Ctrl-C, TERM, or the reader of our stdout going away (`tail -f … | head`). */
function untilStopped(outClosed: Promise<void>): { stopped: Promise<void>; dispose(): void } {
  let stop!: () => void;
  const signalled = new Promise<void>((resolve) => (stop = () => resolve()));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    stopped: Promise.race([signalled, outClosed]),
    dispose() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
