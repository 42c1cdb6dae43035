/** Engine failures a client can act on, with stable codes the API and CLI map to words and exit codes. */
export type EngineErrorCode = 'NO_MATCH' | 'AMBIGUOUS_NAME' | 'UNKNOWN_PROGRAM' | 'BAD_SIGNAL' | 'BAD_SCALE' | 'ALREADY_RUNNING' | 'SHUTTING_DOWN';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
