import { type Config, type ConfigError, formatConfigError } from '../config/runtime.js';
import type { LogStream } from '../api/supervisor-api.js';
import { SecretMasker } from '../server/mask-secrets.js';
import { batchedLines } from './batched-lines.js';
import { formatConsoleLine, stampLine } from './format-event.js';
import type { HostIo } from './host-io.js';
import { NotStarting } from './not-starting.js';

/**
 * The supervisor's own lines once its config is loaded: state changes,
 * messages and console program output on out (or the embedded view's log
 * file), failures on err (or that same file). None shows a secret value,
 * whatever message carries it.
 */
export class DaemonLog {
  private readonly writeLine: (line: string) => void;

  private constructor(
    out: NodeJS.WritableStream,
    private readonly errOut: NodeJS.WritableStream,
    private secrets: SecretMasker,
  ) {
    this.writeLine = batchedLines(out);
  }

  /** Writes the config's warnings to err, then opens where the lines go; a log file that cannot be opened is NotStarting. */
  static open(io: HostIo, config: Config, warnings: ConfigError[]): DaemonLog {
    const secrets = SecretMasker.forConfig(config);
    for (const warning of warnings) io.err.write(`${stampLine(Date.now(), `drover warn: ${secrets.mask(formatConfigError(warning))}`)}\n`);
    if (!io.logTo) return new DaemonLog(io.out, io.err, secrets);
    let file: NodeJS.WritableStream;
    try {
      file = io.logTo(config);
    } catch (error) {
      throw new NotStarting(`cannot open the supervisor log in ${config.supervisor.logdir}: ${(error as Error).message}`);
    }
    // Best effort: a full disk under the supervisor's own log must not take it down.
    file.on('error', () => {});
    return new DaemonLog(file, file, secrets);
  }

  /** A config applied by an update may name new secrets. */
  maskSecretsOf(config: Config): void {
    this.secrets = SecretMasker.forConfig(config);
  }

  /** A line of the supervisor's own, stamped now. */
  readonly say = (text: string): void => this.writeLine(this.secrets.mask(stampLine(Date.now(), text)));

  /** An engine event's line, already stamped by formatEvent. */
  readonly sayEvent = (line: string): void => this.writeLine(this.secrets.mask(line));

  /** Program output sent to the console shares the state lines' writer, so the two keep their order and every line goes out whole. */
  readonly consoleLines = (name: string, stream: LogStream, lines: string[]): void => {
    for (const line of lines) this.writeLine(formatConsoleLine(name, stream, line));
  };

  /** Something went wrong while running: straight to err, not batched. */
  readonly complain = (message: string): void => {
    this.errOut.write(`${stampLine(Date.now(), `drover: ${this.secrets.mask(message)}`)}\n`);
  };
}
