import { didYouMean } from '../text/did-you-mean.js';
import { NO_PROBE_CHECK, expectedGot, twoProbeChecks, unknownOption } from './messages.js';
import { POSITIVE_DURATION_SHAPE, integerParser, nestedIssue, parseRegExp, positiveDuration, type Checked, type NestedIssue } from './option-values.js';
import { DURATION_SHAPE, parseDuration } from './parse-duration.js';
import { fail, succeed, type Result } from './result.js';
import { COMMAND_SHAPE, parseCommand } from './split-command.js';
import type { ProbeCheck } from './types.js';
import { closedMapping, integerShape, text, type JsonShape } from './value-shapes.js';

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

interface SettingSpec {
  field: Setting;
  parse: (value: unknown) => Result<number>;
  /** For editors (json-schema.ts). */
  shape: JsonShape;
}

const described = (shape: JsonShape, description: string): JsonShape => ({ ...shape, description });

// Option name → field, value parser and shape; start_timeout is added for readiness.
const SETTINGS: Record<string, SettingSpec> = {
  initial_delay: { field: 'initialDelayMs', parse: parseDuration, shape: described(DURATION_SHAPE, 'wait this long after the start before the first check. Default 0') },
  period: { field: 'periodMs', parse: positiveDuration, shape: described(POSITIVE_DURATION_SHAPE, 'time between checks. Default 1s (liveness: 10s)') },
  timeout: { field: 'timeoutMs', parse: positiveDuration, shape: described(POSITIVE_DURATION_SHAPE, 'a check that takes longer fails. Default 1s') },
  success_threshold: { field: 'successThreshold', parse: integerParser(1), shape: described(integerShape(1), 'passes in a row that make a failing probe pass. Default 1') },
  failure_threshold: { field: 'failureThreshold', parse: integerParser(1), shape: described(integerShape(1), 'failures in a row that make the probe fail. Default 3') },
};
const START_TIMEOUT: SettingSpec = {
  field: 'startTimeoutMs',
  parse: positiveDuration,
  shape: described(POSITIVE_DURATION_SHAPE, 'a start not ready within this long is a failed start. Default 60s'),
};

const CHECK_SHAPES: Record<(typeof CHECK_KINDS)[number], JsonShape> = {
  http: text('passes on a 2xx or 3xx answer to GET of this http:// or https:// URL'),
  tcp: text('passes when a TCP connection to host:port (or :port on 127.0.0.1) opens'),
  exec: described(COMMAND_SHAPE, 'passes when this command exits 0'),
  log: text('passes once a line of output matches this regular expression'),
};

/** What probeParser(kind) reads, for editors: exactly one check, and the timings. */
export function probeShape(kind: ProbeKind): JsonShape {
  const settings = kind === 'readiness' ? { ...SETTINGS, start_timeout: START_TIMEOUT } : SETTINGS;
  const timings = Object.fromEntries(Object.entries(settings).map(([key, setting]) => [key, setting.shape]));
  return { ...closedMapping({ ...CHECK_SHAPES, ...timings }), oneOf: CHECK_KINDS.map((check) => ({ required: [check] })) };
}

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
