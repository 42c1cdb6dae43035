import { stampLine } from './format-event.js';
import type { HostIo } from './host-io.js';

/** A start-up step that cannot go on: the supervisor exits 1 with this reason, after its details. */
export class NotStarting extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'NotStarting';
  }
}

/**
 * Says why on err (stamped: every line the supervisor writes about itself is
 * a log line) and to a waiting `--daemon` launcher, which prints it unstamped.
 */
export function reportNotStarting(io: HostIo, reason: NotStarting): number {
  const lines = [...reason.details, `drover: ${reason.message}`];
  for (const line of lines) io.err.write(`${stampLine(Date.now(), line)}\n`);
  io.notify?.failed(lines.join('\n'));
  return 1;
}
