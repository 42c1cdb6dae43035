/**
 * Why an export cannot be written, as data for the command to print:
 * `usage` when the request does not fit the config (exit 2, like a bad
 * option), `environment` when this machine cannot answer a question the
 * export needs (a host name that does not resolve; exit 1).
 */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'environment',
  ) {
    super(message);
    this.name = 'ExportError';
  }
}
