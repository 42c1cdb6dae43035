import type { SupervisorApi } from '../../api/supervisor-api.js';
import type { TailCommand } from './command.js';
import { Exit, type ExitCode } from './exit-codes.js';
import type { CtlIo } from './ctl-io.js';
import { writeCtlError } from './ctl-error.js';
import { makeLogPrinter } from './format-log-line.js';
import { awaitSuccessor } from '../../client/await-successor.js';
import { MAX_TAIL_LINES } from '../../api/routes.js';

/**
 * `ctl tail [-f] PATTERN`: the last N lines of every matched process, in the
 * order they arrived, then with -f every new one, like `journalctl -f`. The
 * supervisor sends the backlog and the live lines on one stream, so nothing
 * is lost or repeated between the two; without -f it ends the stream after
 * the backlog. Ends with exit 0 when the user stops it, or 4 when the
 * supervisor goes away.
 */
export async function tailLogs(api: SupervisorApi, command: TailCommand, json: boolean, io: CtlIo): Promise<ExitCode> {
  // A pattern matching nothing fails here with the code tail has always had; the names set the prefix column.
  const processes = await api.status([command.pattern]);
  const print = makeLogPrinter(
    processes.map((p) => p.name),
    { json, colour: io.colour === true, bothStreams: command.stream === 'both' },
  );
  const stop = command.follow ? io.untilStopped() : null;
  let stopped = false;
  void stop?.stopped.then(() => (stopped = true));
  try {
    let options = {
      process: command.pattern,
      logs: true,
      tail: command.lines,
      stream: command.stream === 'both' ? undefined : command.stream,
      since: command.since ?? undefined,
      once: !command.follow,
    };
    for (;;) {
      let handingOver = false;
      const subscription = await api.events(options, (event) => {
        if (event.kind === 'supervisor' && event.handover) handingOver = true;
        // The supervisor warns on this stream when it had to skip lines for a slow reader: say so.
        if (event.kind === 'supervisor' && event.level !== 'info') {
          if (json) io.out.write(`${JSON.stringify({ time: new Date(event.at).toISOString(), warning: event.message })}\n`);
          else io.err.write(`drover: ${event.message}\n`);
        }
        if (event.kind !== 'log') return;
        const { out, err } = print(event);
        if (out !== '') io.out.write(out);
        if (err !== '') io.err.write(err);
      });
      const outcome = await Promise.race([subscription.ended, stop?.stopped.then(() => 'stopped' as const) ?? new Promise<never>(() => {})]);
      if (outcome === 'stopped') {
        subscription.close();
        return Exit.OK;
      }
      if (outcome === null) return Exit.OK;
      // ctl reexec: the next supervisor reads what the programs wrote meanwhile; follow on from it, without a gap.
      if (handingOver && (await awaitSuccessor(api, null, () => stopped)) !== null) {
        if (!json) io.err.write(`drover: the supervisor handed over to a fresh one; following on\n`);
        // The new supervisor's memory holds only what it read itself: the lines written during the hand-over, then on.
        options = { ...options, tail: MAX_TAIL_LINES, since: undefined };
        continue;
      }
      if (stopped) return Exit.OK;
      writeCtlError({ code: 'UNREACHABLE', message: `stopped ${command.follow ? 'following' : 'reading'} ${command.pattern}: ${outcome.message}` }, json, io);
      return Exit.UNREACHABLE;
    }
  } finally {
    stop?.dispose();
  }
}
