import { type Config, type ConfigError, formatConfigError } from '../config/runtime.js';
import type { LogStream } from '../api/supervisor-api.js';
import { SecretMasker } from '../server/mask-secrets.js';
import { batchedLines } from './batched-lines.js';
import { formatConsoleLine, stampLine } from './format-event.js';
import type { HostIo } from './host-io.js';

/**
 * The supervisor's own lines once its config is loaded: state changes,
 * messages and console program output on out, failures on err (both the
 * log file when detached). None shows a secret value, whatever message
 * carries it.
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

  /** Writes the config's warnings to err, then logs to the host's out and err. */
  static open(io: HostIo, config: Config, warnings: ConfigError[]): DaemonLog {
    const secrets = SecretMasker.forConfig(config);
    for (const warning of warnings) io.err.write(`${stampLine(Date.now(), `drover warn: ${secrets.mask(formatConfigError(warning))}`)}\n`);
    return new DaemonLog(io.out, io.err, secrets);
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
