/**
 * Every failure message of the log service. I/O failures are never thrown at
 * the engine: they arrive through an `onError` callback as a LogFileError, so
 * a failing disk can never take the supervisor down. Only programming errors
 * (a bad option) throw, as TypeErrors naming the option and the value.
 */

/** What the log file was doing when it failed. */
export type LogFileOperation = 'open' | 'write' | 'rotate' | 'close';

const OPERATION_WORDS: Record<LogFileOperation, string> = {
  open: 'cannot open log file',
  write: 'cannot write log file',
  rotate: 'cannot rotate log file',
  close: 'cannot close log file',
};

export class LogFileError extends Error {
  override readonly name = 'LogFileError';
  /** The errno code of the cause (`ENOSPC`, `ENOTDIR`, …) when there is one. */
  readonly code: string | undefined;

  constructor(
    readonly path: string,
    readonly operation: LogFileOperation,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${OPERATION_WORDS[operation]} ${path}: ${reason}`, { cause });
    this.code = readErrorCode(cause);
  }
}

/** A failing log file that takes writes again, and what the outage cost. */
export interface LogFileRecovery {
  path: string;
  /** Bytes dropped from the first error to this successful write. */
  droppedBytes: number;
}

/** The `code` of a Node system error, or undefined for anything else. */
export function readErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' ? code : undefined;
}

/** Rejects limits that would make rotation meaningless or loop. */
export function checkRotationLimits(limits: { maxBytes: number; backups: number }): void {
  for (const [option, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(`${option} must be a whole number of 0 or more, got ${String(value)}`);
    }
  }
}

/**
 * Wraps a caller's error callback so that a callback that throws cannot turn
 * into an unhandled rejection inside the write loop, which would end the
 * supervisor. The second failure is dropped: there is nowhere left to report it.
 */
export function guardCallback<T>(callback: ((value: T) => void) | undefined): (value: T) => void {
  if (callback === undefined) return () => {};
  return (value) => {
    try {
      callback(value);
    } catch {
      // See above: never let a reporting failure escape.
    }
  };
}
