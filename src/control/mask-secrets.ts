/**
 * Environment values shown to clients (the view's details pane, the API's
 * process details) with secrets hidden: whole values of keys that look
 * secret, and the password part of URLs in any value. The supervisor still
 * passes the real values to its programs; this is only what it shows.
 */

const SECRET_KEY = /pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|auth|cookie|session|signature|salt|dsn|(^|[-_])key($|[-_])/i;

/** user:password@ in URLs (postgres://app:hunter2@db/app). */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/gi;

export const MASK = '••••••';

export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function maskEnvironment(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    out[key] = looksSecret(key) ? MASK : value.replace(URL_PASSWORD, `$1${MASK}$3`);
  }
  return out;
}
