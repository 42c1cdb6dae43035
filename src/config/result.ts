/**
 * The outcome of a pure parse step. Parsers return this instead of throwing
 * because config problems are data: the loader collects every one of them and
 * reports them together, each at its position.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

export function succeed<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
