import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEMA_FILE, configJsonSchema, renderConfigJsonSchema } from '../../src/config/json-schema.js';
import {
  AUTORESTART_SHAPE,
  MAX_CPU_SHAPE,
  OCTAL_MODE_SHAPE,
  STARTRETRIES_SHAPE,
  WORKERS_SHAPE,
  parseAutorestart,
  parseMaxCpu,
  parseStartretries,
  parseUmask,
  parseWorkers,
} from '../../src/config/option-values.js';
import { BIND_SHAPE, LISTEN_ADDRESS_SHAPE, parseBind, parseListenAddress } from '../../src/config/parse-bind.js';
import { CRON_SHAPE, parseCron } from '../../src/config/parse-cron.js';
import { DURATION_SHAPE, parseDuration } from '../../src/config/parse-duration.js';
import { RELOAD_SIGNAL_SHAPE, SIGNAL_SHAPE, parseReloadSignal, parseSignal } from '../../src/config/parse-signal.js';
import { SIZE_SHAPE, parseSize } from '../../src/config/parse-size.js';
import { PREFORK_OPTIONS, ROOT_OPTIONS, programSchema, supervisorSchema } from '../../src/config/schema.js';
import type { JsonShape } from '../../src/config/value-shapes.js';

/**
 * The JSON Schema editors use for programs.yaml: generated from the zod
 * schemas (every option, nothing else), shipped as built, and never stricter
 * than the parsers that judge the values.
 */

/** A node of the generated schema or of the parsed example. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walked keyword by keyword untyped: what each keyword holds is what the tests assert
type SchemaNode = any;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const schema = configJsonSchema() as SchemaNode;
const programs = schema.properties.programs;
const program = programs.additionalProperties;
const supervisor = schema.properties.supervisor;

describe('the generated schema', () => {
  it('lists every option of the zod shapes and no other, each with a description', () => {
    expect(Object.keys(program.properties)).toEqual(Object.keys(programSchema.shape));
    expect(Object.keys(supervisor.properties)).toEqual(Object.keys(supervisorSchema.shape));
    expect(Object.keys(schema.properties)).toEqual(ROOT_OPTIONS);
    for (const [name, option] of [...Object.entries(program.properties), ...Object.entries(supervisor.properties)]) {
      expect((option as JsonShape).description, name).toMatch(/\w{3}/);
    }
  });

  it('refuses unknown keys where drover does: a misspelt option is flagged', () => {
    for (const mapping of [schema, program, supervisor, program.properties.readiness, program.properties.hooks]) {
      expect(mapping.additionalProperties).toBe(false);
    }
    expect(program.properties.comand).toBeUndefined();
    expect(Object.keys(program.properties.hooks.properties)).toContain('when_ready');
    // x-… keys hold YAML anchors and are ignored, as in docker compose.
    expect(Object.keys(schema.patternProperties)).toEqual(['^x-']);
  });

  it('requires programs, a valid program name, and the options type decides', () => {
    expect(schema.required).toEqual(['programs']);
    expect(new RegExp(programs.propertyNames.pattern).test('web-1.api_2')).toBe(true);
    expect(new RegExp(programs.propertyNames.pattern).test('web:1')).toBe(false);
    expect(program.if).toEqual({ properties: { type: { const: 'prefork' } }, required: ['type'] });
    expect(program.then.required).toEqual(['bind']);
    expect(program.else.required).toEqual(['command']);
    expect(Object.keys(program.else.properties)).toEqual([...PREFORK_OPTIONS]);
  });

  it('offers the fixed words as enums', () => {
    expect(program.properties.type.enum).toEqual(['plain', 'prefork', 'oneshot']);
    expect(enumsOf(program.properties.autorestart)).toEqual(['unexpected']);
    expect(program.properties.autorestart.anyOf).toContainEqual({ type: 'boolean' });
    expect(enumsOf(program.properties.stopsignal)).toEqual(expect.arrayContaining(['TERM', 'INT', 'HUP', 'KILL', 'USR1']));
    expect(enumsOf(program.properties.reload_signal)).toEqual(expect.arrayContaining(['HUP', 'USR1', 'USR2']));
    expect(enumsOf(program.properties.stdout_logfile)).toEqual(['auto', 'none', 'console']);
    expect(enumsOf(program.properties.workers)).toEqual(['auto']);
    expect(enumsOf(program.properties.watch.anyOf[1].properties.action)).toEqual(['restart', 'reload']);
  });

  it('is what the build shipped in dist/', () => {
    expect(readFileSync(`${ROOT}${SCHEMA_FILE}`, 'utf8')).toBe(renderConfigJsonSchema());
  });
});

describe('programs.yaml.example', () => {
  const text = readFileSync(`${ROOT}programs.yaml.example`, 'utf8');
  const example = parse(text) as Record<string, SchemaNode>;

  it('points editors at the shipped schema on its first line', () => {
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=./${SCHEMA_FILE}`);
  });

  it('uses only options the schema has, with values its enums and shapes allow', () => {
    for (const key of Object.keys(example)) expect(schema.properties, key).toHaveProperty([key]);
    for (const key of Object.keys(example.supervisor)) expect(supervisor.properties, key).toHaveProperty([key]);
    for (const [name, options] of Object.entries<Record<string, unknown>>(example.programs)) {
      expect(name).toMatch(new RegExp(programs.propertyNames.pattern));
      for (const [option, value] of Object.entries(options)) {
        const shape = program.properties[option];
        expect(shape, `${name}.${option}`).toBeDefined();
        if (typeof value !== 'object') expect(accepts(shape, value), `${name}.${option}: ${JSON.stringify(value)}`).toBe(true);
        if (option === 'type') expect(shape.enum).toContain(value);
      }
    }
  });
});

/**
 * Scalar shapes against their parsers, on values each accepts and refuses:
 * the schema may let a value through that the parser refuses (the loader has
 * the last word), but never refuse one the parser takes.
 */
describe('value shapes agree with their parsers', () => {
  const cases: [string, JsonShape, (value: unknown) => { ok: boolean }, unknown[], unknown[]][] = [
    ['duration', DURATION_SHAPE, parseDuration, [0, 1.5, '30', '500ms', '1m30s', '2H', ' 10s ', '${T:-5s}'], ['soon', '-1s', true]],
    ['size', SIZE_SHAPE, parseSize, [0, 1024, '50MB', '1GiB', '10 kb', '512b'], ['big', '-1MB', 1.5]],
    ['signal', SIGNAL_SHAPE, parseSignal, ['TERM', 'SIGTERM', 'sigusr1', 'winch'], ['SIGFOO', 15]],
    ['reload signal', RELOAD_SIGNAL_SHAPE, parseReloadSignal, ['HUP', 'SIGUSR2', 'usr1', 1, '12', '${RELOAD:-HUP}'], ['SIGFOO', 0, 99, true]],
    ['autorestart', AUTORESTART_SHAPE, parseAutorestart, [true, false, 'unexpected', 'Unexpected'], ['sometimes', 1]],
    ['startretries', STARTRETRIES_SHAPE, parseStartretries, [0, 3, 'infinite', 'INFINITE'], [-1, 'many']],
    ['workers', WORKERS_SHAPE, parseWorkers, [1, 8, 'auto', ' AUTO ', '${WEB_CONCURRENCY:-auto}'], [0, 'all']],
    ['max_cpu', MAX_CPU_SHAPE, parseMaxCpu, [90, 250.5, '90%', '90 %', '.5'], [0, -5, 'lots']],
    ['umask', OCTAL_MODE_SHAPE, parseUmask, ['022', '0o022', 0, 511], ['0o999', 'rw', -1]],
    ['cron', CRON_SHAPE, parseCron, ['0 4 * * *', '*/15 * * * mon-fri', '@daily', '@Hourly'], ['0 4 * *', '@sometimes', 5]],
    ['metrics address', LISTEN_ADDRESS_SHAPE, parseListenAddress, ['127.0.0.1:9101', ':9101', '*:9101', '[::1]:9101', 'localhost:9101'], ['9101', 'unix:/run/m.sock', 7]],
    ['bind', BIND_SHAPE, (v) => parseBind(v), ['127.0.0.1:8000', ':8000', '[::1]:8000', 'unix:/run/app.sock', 'fd://3', '127.0.0.1:${PORT}'], ['8000', 'host']],
  ];

  it.each(cases)('%s', (_name, shape, parse, good, bad) => {
    for (const value of good) {
      // Interpolated text is parsed only once the variable is replaced.
      if (!String(value).includes('${')) expect(parse(value).ok, `parser on ${JSON.stringify(value)}`).toBe(true);
      expect(accepts(shape, value), `shape on ${JSON.stringify(value)}`).toBe(true);
    }
    for (const value of bad) {
      expect(parse(value).ok, `parser on ${JSON.stringify(value)}`).toBe(false);
      expect(accepts(shape, value), `shape on ${JSON.stringify(value)}`).toBe(false);
    }
  });
});

/** Every enum value a shape offers, through anyOf: what an editor completes. */
function enumsOf(shape: SchemaNode): unknown[] {
  return [...(shape.enum ?? []), ...((shape.anyOf ?? []) as SchemaNode[]).flatMap((branch) => enumsOf(branch))];
}

/** Whether a shape holding only the keywords value-shapes uses for scalars accepts a scalar value. */
function accepts(shape: SchemaNode, value: unknown): boolean {
  if (shape.anyOf && !shape.anyOf.some((branch: unknown) => accepts(branch, value))) return false;
  if (shape.enum && !shape.enum.includes(value)) return false;
  if (shape.type !== undefined) {
    const types: string[] = Array.isArray(shape.type) ? shape.type : [shape.type];
    const kind = typeof value === 'number' && Number.isInteger(value) ? ['integer', 'number'] : [typeof value];
    if (!kind.some((k) => types.includes(k))) return false;
  }
  if (typeof value === 'string') {
    if (shape.pattern !== undefined && !new RegExp(shape.pattern, 'u').test(value)) return false;
    if (shape.minLength !== undefined && value.length < shape.minLength) return false;
  }
  if (typeof value === 'number') {
    if (shape.minimum !== undefined && value < shape.minimum) return false;
    if (shape.maximum !== undefined && value > shape.maximum) return false;
    if (shape.exclusiveMinimum !== undefined && value <= shape.exclusiveMinimum) return false;
  }
  return shape.anyOf !== undefined || shape.enum !== undefined || shape.type !== undefined;
}
