/**
 * Secrets hidden from everything drover shows: the view's details pane, the
 * API's process details, and the supervisor's own log. Two kinds: whole values
 * of environment keys that look secret, and the password part of URLs. A
 * secret value can also reach a command line (`--token ${API_TOKEN}`) or a
 * message (a probe's output), so the values themselves are searched for in
 * any text shown, not only under their keys. The supervisor still passes the
 * real values to its programs; this is only what it shows.
 */

import type { Config } from '../config/runtime.js';

const SECRET_KEY = /pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|auth|cookie|session|signature|salt|dsn|(^|[-_])key($|[-_])/i;

/** user:password@ in URLs (postgres://app:hunter2@db/app). */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/gi;

/**
 * Shorter values are not searched for in free text: masking every "1" or
 * "yes" in a log line would hide more than it protects. Under their own key
 * they are always masked. Values drover inherits are held to a longer minimum:
 * a login session carries keys like XDG_SESSION_CLASS=user, and "user" must
 * stay readable in messages.
 */
const MIN_SEARCHED_LENGTH = 4;
const MIN_INHERITED_LENGTH = 8;

export const MASK = '••••••';

export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}

function maskUrlPasswords(text: string): string {
  return text.includes('://') ? text.replace(URL_PASSWORD, `$1${MASK}$3`) : text;
}

export function maskEnvironment(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    out[key] = looksSecret(key) ? MASK : maskUrlPasswords(value);
  }
  return out;
}

/** Hides known secret values and URL passwords in any text. */
export class SecretMasker {
  /** Longest first, so a secret that contains another is masked whole. */
  private readonly values: string[];

  constructor(values: Iterable<string>) {
    this.values = [...new Set(values)].sort((a, b) => b.length - a.length);
  }

  /**
   * The values of secret-looking keys in programs' own settings, and in the
   * supervisor's environment, which programs inherit and a config can put on a
   * command line (`--token ${API_TOKEN}`).
   */
  static fromEnvironments(settings: Iterable<Record<string, string>>, inherited: Record<string, string | undefined> = process.env): SecretMasker {
    const values: string[] = [];
    const collect = (env: Record<string, string | undefined>, minLength: number) => {
      for (const [key, value] of Object.entries(env)) {
        if (value !== undefined && value.length >= minLength && looksSecret(key)) values.push(value);
      }
    };
    for (const env of settings) collect(env, MIN_SEARCHED_LENGTH);
    collect(inherited, MIN_INHERITED_LENGTH);
    return new SecretMasker(values);
  }

  static forConfig(config: Config): SecretMasker {
    return SecretMasker.fromEnvironments(config.programs.map((program) => program.environment));
  }

  mask(text: string): string {
    let out = text;
    for (const value of this.values) out = out.replaceAll(value, MASK);
    return maskUrlPasswords(out);
  }
}
