import { didYouMean } from './did-you-mean.js';
import { NO_PROBE_CHECK, expectedGot, twoProbeChecks, unknownOption } from './messages.js';
import { integerParser, nestedIssue, parseRegExp, positiveDuration, type Checked, type NestedIssue } from './option-values.js';
import { parseDuration } from './parse-duration.js';
import { fail, succeed, type Result } from './result.js';
import { parseCommand } from './split-command.js';
import type { ProbeCheck } from './types.js';

/**
 * `readiness:` and `liveness:` — a mapping with one check (http, tcp, exec or
 * log) and optional timings. Parsed here into milliseconds; defaults are
 * applied in normalize, which also knows the probe's position.
 */

export type ProbeKind = 'readiness' | 'liveness';

export interface RawProbe {
  check: ProbeCheck;
  initialDelayMs?: number;
  periodMs?: number;
  timeoutMs?: number;
  successThreshold?: number;
  failureThreshold?: number;
  /** Readiness only. */
  startTimeoutMs?: number;
}

export const CHECK_KINDS = ['http', 'tcp', 'exec', 'log'] as const;

type Setting = Exclude<keyof RawProbe, 'check'>;

// Option name → field and value parser; start_timeout is added for readiness.
const SETTINGS: Record<string, { field: Setting; parse: (value: unknown) => Result<number> }> = {
  initial_delay: { field: 'initialDelayMs', parse: parseDuration },
  period: { field: 'periodMs', parse: positiveDuration },
  timeout: { field: 'timeoutMs', parse: positiveDuration },
  success_threshold: { field: 'successThreshold', parse: integerParser(1) },
  failure_threshold: { field: 'failureThreshold', parse: integerParser(1) },
};
const START_TIMEOUT = { field: 'startTimeoutMs' as const, parse: positiveDuration };

export function probeParser(kind: ProbeKind): (value: unknown) => Checked<RawProbe> {
  const settings = kind === 'readiness' ? { ...SETTINGS, start_timeout: START_TIMEOUT } : SETTINGS;
  const known = [...CHECK_KINDS, ...Object.keys(settings)];
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, issues: [nestedIssue([], expectedGot('a mapping with one check such as { http: "http://127.0.0.1:8000/health" }', value))] };
    }
    const written = value as Record<string, unknown>;
    const issues: NestedIssue[] = [];
    const probe: Partial<RawProbe> = {};
    const kinds = Object.keys(written).filter((key) => (CHECK_KINDS as readonly string[]).includes(key));
    if (kinds.length === 0) issues.push(nestedIssue([], NO_PROBE_CHECK, 'key'));
    // Every check after the first is reported at its own key.
    for (const extra of kinds.slice(1)) issues.push(nestedIssue([extra], twoProbeChecks(kinds), 'key'));
    for (const [key, setting] of Object.entries(written)) {
      if ((CHECK_KINDS as readonly string[]).includes(key)) {
        const check = parseCheck(key as ProbeCheck['kind'], setting);
        if (!check.ok) issues.push(nestedIssue([key], check.message));
        else if (key === kinds[0]) probe.check = check.value;
        continue;
      }
      const option = settings[key];
      if (option === undefined) {
        issues.push(nestedIssue([key], unknownOption(key, didYouMean(key, known)), 'key'));
        continue;
      }
      const parsed = option.parse(setting);
      if (parsed.ok) probe[option.field] = parsed.value;
      else issues.push(nestedIssue([key], parsed.message));
    }
    return issues.length === 0 ? succeed(probe as RawProbe) : { ok: false, issues };
  };
}

export function parseCheck(kind: ProbeCheck['kind'], value: unknown): Result<ProbeCheck> {
  switch (kind) {
    case 'http': {
      const url = parseProbeUrl(value);
      return url.ok ? succeed({ kind, url: url.value }) : url;
    }
    case 'tcp': {
      const address = parseProbeAddress(value);
      return address.ok ? succeed({ kind, ...address.value }) : address;
    }
    case 'exec': {
      const argv = parseCommand(value);
      return argv.ok ? succeed({ kind, argv: argv.value }) : argv;
    }
    case 'log': {
      const pattern = parseRegExp(value);
      return pattern.ok ? succeed({ kind, pattern: pattern.value }) : pattern;
    }
  }
}

const URL_EXPECTED = 'an http:// or https:// URL such as http://127.0.0.1:8000/health';
// A supervisord template such as %(process_num)d, expanded per process later.
const TEMPLATE = /%\([^)]*\)[-0]*\d*[sd]/g;

/** Checked with each template replaced by 0 (a port or path digit), then kept as written. */
export function parseProbeUrl(value: unknown): Result<string> {
  if (typeof value !== 'string') return fail(expectedGot(URL_EXPECTED, value));
  let url: URL;
  try {
    url = new URL(value.trim().replace(TEMPLATE, '0'));
  } catch {
    return fail(expectedGot(URL_EXPECTED, value));
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return fail(expectedGot(URL_EXPECTED, value));
  return succeed(value.trim());
}

const ADDRESS_EXPECTED = 'host:port, [::1]:port or :port with a port from 1 to 65535';
const ADDRESS = /^(?:\[([^\]]+)\]|([^:[\]\s]*)):(\d+)$/;

/** `host:port`, `[::1]:port` or `:port` (this machine, 127.0.0.1). */
export function parseProbeAddress(value: unknown): Result<{ host: string; port: number }> {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = ADDRESS.exec(text);
  if (match === null) return fail(expectedGot(ADDRESS_EXPECTED, value));
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return fail(expectedGot(ADDRESS_EXPECTED, value));
  const host = match[1] ?? match[2] ?? '';
  return succeed({ host: host === '' ? '127.0.0.1' : host, port });
}
