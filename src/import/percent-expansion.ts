import { hostname } from 'node:os';
import { expandTemplate } from '../config/index.js';
import { hostNameFixed, keyOnlyPerProcess, percentWithoutKey, unknownPercentKey, unsupportedKeyFormat } from './import-messages.js';

/**
 * A supervisord value after its `%(…)` expansions were turned into drover's
 * forms, as pieces: literal text, a `${NAME}` environment reference (drover
 * interpolates those when it loads the config, as supervisord expanded
 * `%(ENV_NAME)s` when it read its own), or a `%(key)…` template that drover
 * expands per process.
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'env'; name: string } | { kind: 'template'; key: string; raw: string };

export interface ExpansionScope {
  /** `%(here)s`: the absolute folder of the file the value is written in. */
  here: string;
  programName?: string;
  groupName?: string;
  /**
   * The option is one drover expands per process (command, process_name, log
   * files, environment values): `%(process_num)d` and friends stay templates.
   */
  perProcess: boolean;
  /** `ENV_X` values supervisord takes from `environment` settings rather than its own environment. */
  env: ReadonlyMap<string, Segment[]>;
}

export interface Expansion {
  segments: Segment[];
  /** Things carried over with a change worth saying. */
  notes: string[];
  /** Why the value cannot be carried over at all (supervisord itself would refuse some of these). */
  failure: string | null;
}

// Python %-formatting with a mapping key: flags, width, precision, conversion.
const PYTHON_KEY = /^%\(([^)]*)\)([#0 +-]*)(\d*)(?:\.(\d*))?([a-zA-Z])/;
// What drover's own templates accept (src/config/expand-template.ts).
const DROVER_KEY = /^%\(([A-Za-z0-9_]+)\)([-0]*)(\d*)([sd])$/;
const PER_PROCESS_KEYS = new Set(['process_num', 'numprocs']);

/** Turns supervisord's `%(here)s`, `%(ENV_X)s`, `%(program_name)s`, … and `%%` into drover's forms. */
export function expandPercent(value: string, scope: ExpansionScope): Expansion {
  const result: Expansion = { segments: [], notes: [], failure: null };
  let text = '';
  const flush = () => {
    if (text !== '') result.segments.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < value.length) {
    const percent = value.indexOf('%', i);
    if (percent === -1) {
      text += value.slice(i);
      break;
    }
    text += value.slice(i, percent);
    const rest = value.slice(percent);
    if (rest.startsWith('%%')) {
      text += '%';
      i = percent + 2;
      continue;
    }
    const match = PYTHON_KEY.exec(rest);
    if (match === null) {
      // supervisord refuses the whole value here; the % is kept as text so the rest is still usable.
      result.notes.push(percentWithoutKey(rest));
      text += '%';
      i = percent + 1;
      continue;
    }
    i = percent + match[0].length;
    const resolved = resolveKey(match[1]!, match[0], scope, result);
    if (resolved === null) return result;
    for (const segment of resolved) {
      if (segment.kind === 'text') text += segment.text;
      else {
        flush();
        result.segments.push(segment);
      }
    }
  }
  flush();
  return result;
}

function resolveKey(key: string, raw: string, scope: ExpansionScope, result: Expansion): Segment[] | null {
  const plain = raw === `%(${key})s`;
  const droverForm = DROVER_KEY.test(raw);
  const fail = (message: string) => {
    result.failure = message;
    return null;
  };
  if (key.startsWith('ENV_') && key.length > 4) {
    const name = key.slice(4);
    if (plain) return [...(scope.env.get(name) ?? [{ kind: 'env', name }])];
    // Padding or %d on a variable: only drover's per-process templates can still do that.
    if (scope.perProcess && droverForm) return [{ kind: 'template', key, raw }];
    return fail(unsupportedKeyFormat(raw));
  }
  if (key === 'here') return formatted(raw, key, scope.here, fail);
  if (key === 'program_name' || key === 'group_name') {
    if (scope.perProcess && droverForm) return [{ kind: 'template', key, raw }];
    const known = key === 'program_name' ? scope.programName : scope.groupName;
    if (known === undefined) return fail(unknownPercentKey(raw));
    return formatted(raw, key, known, fail);
  }
  if (key === 'host_node_name') {
    if (scope.perProcess && droverForm) return [{ kind: 'template', key, raw }];
    const name = hostname();
    result.notes.push(hostNameFixed(raw, name));
    return formatted(raw, key, name, fail);
  }
  if (PER_PROCESS_KEYS.has(key)) {
    if (!scope.perProcess) return fail(keyOnlyPerProcess(raw));
    return droverForm ? [{ kind: 'template', key, raw }] : fail(unsupportedKeyFormat(raw));
  }
  return fail(unknownPercentKey(raw));
}

/** A key whose value is known now, formatted as its spec says (`%(here)s`, `%(program_name)-10s`). */
function formatted(raw: string, key: string, value: string, fail: (message: string) => null): Segment[] | null {
  if (raw === `%(${key})s`) return [{ kind: 'text', text: value }];
  if (!DROVER_KEY.test(raw) || raw.endsWith('d')) return fail(unsupportedKeyFormat(raw));
  return [{ kind: 'text', text: expandTemplate(raw, { [key]: value }) }];
}

/** The value as literal text, when it holds no `${…}` reference or per-process template. */
export function literalText(segments: readonly Segment[]): string | null {
  let text = '';
  for (const segment of segments) {
    if (segment.kind !== 'text') return null;
    text += segment.text;
  }
  return text;
}
