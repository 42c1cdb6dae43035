import fc from 'fast-check';
import { PROGRAM_OPTIONS, ROOT_OPTIONS, SUPERVISOR_OPTIONS } from '../../src/config/schema.js';

/**
 * fast-check generators of programs.yaml text for the config-input property
 * test: documents built from the schema's real option names (so most cases
 * reach validation rather than dying in the YAML parser), and raw text
 * mutations of such documents (so the parser's error paths are reached too).
 * Documents are built as text, not through a YAML library, so duplicate keys,
 * anchors, aliases and merge keys can be written as a user would.
 */

/** Program names the documents use: `depends_on` and `groups` pick from these, some never defined. */
export const PROGRAM_NAMES = ['web', 'worker', 'db', 'a-b_c', 'ünï', 'x y', 'missing', '"quoted"', '0'];

/** What `${VAR}` finds: the test passes this environment, so results do not depend on the machine. */
export const FIXED_ENV: NodeJS.ProcessEnv = { HOME: '/home/drover', PORT: '8080', WORKERS: '3', EMPTY: '', CMD: 'sleep 5', BOOL: 'true' };

/** Scalars as written in YAML: valid and invalid shapes for every kind of option. */
const SCALARS = [
  // numbers, including negative, huge and NaN-like
  '0',
  '1',
  '3',
  '-1',
  '-0',
  '1.5',
  '1e3',
  '1e309',
  '99999999999999999999',
  '0x1F',
  '0o777',
  '022',
  '0777',
  '.nan',
  '.inf',
  '-.inf',
  'NaN',
  'Infinity',
  // booleans and nulls
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'True',
  'null',
  '~',
  'Null',
  // durations, sizes, signals, keywords
  '0s',
  '1s',
  '500ms',
  '10s',
  '1m30s',
  '2h',
  '-5s',
  '10 years',
  '1.5.3s',
  '64MB',
  '1GB',
  '0B',
  '-1KB',
  '1.5GiB',
  '50 MB',
  '12XB',
  'TERM',
  'SIGKILL',
  'kill',
  'HUP',
  'USR1',
  'SIGBOGUS',
  '9',
  'infinite',
  'unexpected',
  'auto',
  'none',
  'plain',
  'prefork',
  'restart',
  'reload',
  // addresses, cron, paths
  '127.0.0.1:0',
  ':8080',
  '[::1]:9000',
  'unix:/tmp/drover-fuzz.sock',
  'fd://3',
  'localhost:99999',
  '"0 4 * * *"',
  '"@daily"',
  '"* * *"',
  '"61 * * * *"',
  './app.js',
  './missing.js',
  'logs/out.log',
  '/tmp',
  '.',
  '..',
  '/nonexistent/dir',
  'vars.env',
  'bad.env',
  'missing.env',
  // commands, with quotes and templates
  'sleep 1000',
  '/bin/true',
  '"sh -c \'echo hi; exit 3\'"',
  '\'node -e "setInterval(()=>{},1e3)"\'',
  '"echo \\"unterminated"',
  '"a \'b c"',
  '%(program_name)s',
  '"%(program_name)s_%(process_num)02d"',
  '"%(nope)s"',
  '"%(process_num"',
  '"echo %(here)s"',
  '"100%"',
  '"${HOME}/bin/run"',
  '"${PORT}"',
  '${WORKERS}',
  '"${UNSET_FUZZ_VAR}"',
  '"${PORT:-9000}"',
  '"${"',
  '"$${PORT}"',
  '"${1BAD}"',
  '${BOOL}',
  '"${EMPTY}"',
  // unicode, empty, odd scalars
  'ümlaut',
  '日本語',
  '"😀 emoji"',
  '""',
  "''",
  '" "',
  '"\\t"',
  '|\n  block\n  text',
  '>-\n  folded',
  '!!str 12',
  '!!int abc',
  '!bogus x',
];

/** Values that suit particular options, so a share of documents is accepted. */
const GOOD_VALUES: Record<string, string[]> = {
  command: ['sleep 1000', '[sleep, "1000"]', '"sh -c \'echo hi\'"', '/bin/true', '"%(program_name)s --n %(process_num)d"', '"${CMD}"'],
  numprocs: ['1', '2', '${WORKERS}'],
  numprocs_start: ['0', '5'],
  process_name: ['"%(program_name)s_%(process_num)02d"'],
  startsecs: ['0', '1s', '500ms'],
  startretries: ['3', 'infinite'],
  stopsignal: ['TERM', 'INT', 'SIGKILL'],
  stopwaitsecs: ['10s', '1'],
  autostart: ['true', 'false'],
  autorestart: ['true', 'false', 'unexpected'],
  exitcodes: ['[0, 2]', '0'],
  priority: ['1', '999'],
  depends_on: ['web', '[web, db]'],
  environment: ['{A: "1", B: x}', '{PORT: "${PORT}"}'],
  stdout_logfile: ['auto', 'none', 'out.log'],
  stdout_logfile_maxbytes: ['1MB', '0'],
  umask: ['022'],
  directory: ['.', '/tmp'],
  env_file: ['vars.env', '[vars.env, bad.env]', 'missing.env'],
  redirect_stderr: ['true'],
  max_memory: ['100MB'],
  cron_restart: ['"0 4 * * *"', '"@daily"'],
  readiness: ['{tcp: "127.0.0.1:8080"}', '{exec: "true", period: 5s}'],
  liveness: ['{http: "http://127.0.0.1:8080/health"}'],
  watch: ['[src]', '{paths: [src], debounce: 1s}'],
  stopasgroup: ['true', 'false'],
  killasgroup: ['true'],
  stderr_logfile: ['auto', 'err.log'],
  stdout_logfile_backups: ['0', '3'],
  socket: ['run/fuzz.sock'],
  pidfile: ['run/fuzz.pid'],
  statefile: ['run/fuzz.state.json'],
  logdir: ['logs'],
  stats_interval: ['1s'],
  watch_config: ['false'],
  metrics: ['127.0.0.1:9101'],
};

type Node =
  | { kind: 'scalar'; text: string }
  | { kind: 'seq'; items: Node[]; flow: boolean }
  | { kind: 'map'; entries: [string, Node][]; flow: boolean }
  | { kind: 'alias'; name: string }
  | { kind: 'anchored'; name: string; node: Node };

const ANCHORS = ['a', 'defaults', 'x1'];

const quotedString = fc
  .oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }))
  .map((s) => JSON.stringify(s));
const plainString = fc.string({ minLength: 1, maxLength: 20 });
const number = fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n })).map(String);

const scalar: fc.Arbitrary<Node> = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SCALARS) }, quotedString, plainString, number).map((text) => ({ kind: 'scalar', text }));

/** Any value, nested a few levels deep; with anchors and aliases now and then when `anchors` is set. */
function anyValueOf(anchors: boolean): fc.Arbitrary<Node> {
  return fc.letrec<{ value: Node }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: scalar },
      fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('value'), { maxLength: 4 }), flow: fc.boolean() }),
      fc.record({
        kind: fc.constant('map' as const),
        entries: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROGRAM_OPTIONS, 'x', '<<'), plainString), tie('value')), { maxLength: 4 }),
        flow: fc.boolean(),
      }),
      ...(anchors
        ? [
            fc.constantFrom(...ANCHORS).map((name): Node => ({ kind: 'alias', name })),
            fc.tuple(fc.constantFrom(...ANCHORS), tie('value')).map(([name, node]): Node => ({ kind: 'anchored', name, node })),
          ]
        : []),
    ),
  })).value;
}
const [anyValue, plainValue] = [anyValueOf(true), anyValueOf(false)];
/** A value for `option`: mostly a fitting one when `validity` is high, anything otherwise. */
function optionValue(option: string, validity: number): fc.Arbitrary<Node> {
  const other = validity > 0.5 ? plainValue : anyValue;
  const good = Object.hasOwn(GOOD_VALUES, option) ? GOOD_VALUES[option] : undefined;
  if (!good) return other;
  const fitting = fc.constantFrom(...good).map((text): Node => ({ kind: 'scalar', text }));
  const weight = Math.round(validity * 10);
  return weight >= 10 ? fitting : fc.oneof({ weight, arbitrary: fitting }, { weight: 10 - weight, arbitrary: other });
}

/**
 * A mapping of options (with repeats). Mostly-valid documents keep to options
 * with fitting values; the rest add unknown keys, merge keys and odd shapes.
 */
function optionMap(options: readonly string[], validity: number, required: string[] = []): fc.Arbitrary<Node> {
  const fitting = options.filter((o) => Object.hasOwn(GOOD_VALUES, o));
  const key =
    validity > 0.5
      ? fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...fitting) }, fc.constantFrom(...options))
      : fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...options) }, fc.constantFrom('comand', 'numproc', 'x', '<<', ''), plainString);
  const entry = key.chain((k) => optionValue(k, validity).map((v): [string, Node] => [k, v]));
  const firsts = fc.tuple(...required.map((k) => optionValue(k, validity).map((v): [string, Node] => [k, v])));
  return fc
    .tuple(
      firsts,
      validity > 0.9 ? fc.uniqueArray(entry, { maxLength: 5, selector: ([k]) => k }) : fc.array(entry, { maxLength: 5 }),
      fc.boolean(),
      fc.nat(validity > 0.5 ? 40 : 20),
    )
    .map(([first, rest, flow, shape]): Node => {
      const entries = [...first, ...rest.filter(([k]) => validity <= 0.9 || !required.includes(k))];
      if (shape === 0) return { kind: 'scalar', text: 'sleep 1000' };
      if (shape === 1) return { kind: 'seq', items: entries.map(([, v]) => v), flow: true };
      return { kind: 'map', entries, flow: flow && shape < 4 };
    });
}

const GOOD_NAMES = ['web', 'worker', 'db', 'a-b_c'];
const nameKey = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PROGRAM_NAMES.filter((n) => n !== 'missing')) }, plainString, quotedString);

/** groups: entries naming programs; mostly-valid documents name only the ones they define. */
function groupsOf(names: string[], validity: number): fc.Arbitrary<Node> {
  const pool = validity > 0.9 && names.length > 0 ? names : PROGRAM_NAMES;
  const members = fc
    .subarray(pool, { minLength: validity > 0.9 ? 1 : 0 })
    .map((list): Node => ({ kind: 'seq', items: list.map((text) => ({ kind: 'scalar', text })), flow: true }));
  const group = validity > 0.9 ? fc.constantFrom('backend', 'all_of_them') : fc.constantFrom('backend', 'all', 'g:1', '', 'web');
  return fc.dictionary(group, members, { maxKeys: 3 }).map((groups): Node => ({ kind: 'map', entries: Object.entries(groups), flow: false }));
}

/**
 * A structured document: supervisor, programs and groups sections from the
 * schema's option names. `validity` sets how often values fit their option,
 * from nearly always (many documents accepted) to rarely.
 */
export const structuredDocument: fc.Arbitrary<string> = fc.constantFrom(0.97, 0.97, 0.8, 0.5, 0.2).chain((validity) => {
  const names = validity > 0.9 ? fc.uniqueArray(fc.constantFrom(...GOOD_NAMES), { minLength: 1, maxLength: 4 }) : fc.array(nameKey, { maxLength: 4 });
  return names.chain((programNames) =>
    fc
      .tuple(
        fc.option(optionMap(SUPERVISOR_OPTIONS, validity), { freq: 3 }),
        fc.tuple(...programNames.map(() => optionMap(PROGRAM_OPTIONS, validity, validity > 0.5 ? ['command'] : []))),
        fc.option(groupsOf(programNames, validity), { freq: 3 }),
        fc.array(fc.tuple(fc.constantFrom(...ROOT_OPTIONS, 'program', 'extra'), anyValue), { maxLength: validity > 0.5 ? 0 : 2 }),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([supervisor, programs, groups, extra, marker, merge]) => {
        const entries: [string, Node][] = [];
        if (supervisor) entries.push(['supervisor', supervisor]);
        const defined = programNames.map((name, i): [string, Node] => [name, programs[i]!]);
        // `<<: *defaults`: the first program's options merged into the others (new nodes: fast-check reuses values).
        if (merge && defined.length > 1 && defined[0]![1].kind === 'map' && !defined[0]![1].flow) {
          const merged = defined.map(([name, node], i): [string, Node] => {
            if (i === 0) return [name, { kind: 'anchored', name: 'defaults', node }];
            return [name, node.kind === 'map' ? { ...node, entries: [['<<', { kind: 'alias', name: 'defaults' }], ...node.entries] } : node];
          });
          defined.splice(0, defined.length, ...merged);
        }
        entries.push(['programs', { kind: 'map', entries: defined, flow: false }]);
        if (groups) entries.push(['groups', groups]);
        entries.push(...extra);
        return `${marker ? '---\n' : ''}${renderEntries(entries, 0)}`;
      }),
  );
});

/** Text edits: characters inserted or deleted, indentation broken, tabs, truncation, raw bytes. */
const NOISE = [
  '\t',
  ' ',
  '  ',
  ':',
  '-',
  '- ',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '*zz',
  '!',
  '%',
  '#',
  '|',
  '>',
  '?',
  '@',
  '`',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\x01',
  '\uFEFF',
  '\uFFFD',
  '😀',
  '${',
  '%(',
  'programs:',
  '<<: *a',
];
type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'indent'; line: number; by: number }
  | { kind: 'tab'; line: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'dupline'; line: number };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.oneof(fc.constantFrom(...NOISE), fc.string({ unit: 'binary', maxLength: 4 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 5 }) }),
  fc.record({ kind: fc.constant('tab' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('dupline' as const), line: fc.nat() }),
);

/** A structured document with edits applied, as bytes (sometimes with invalid UTF-8 spliced in). */
export const mutatedDocument: fc.Arbitrary<Buffer> = fc
  .tuple(
    structuredDocument,
    fc.array(edit, { minLength: 1, maxLength: 6 }),
    fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 8 })), { freq: 4 }),
  )
  .map(([text, edits, bytes]) => {
    const edited = edits.reduce(applyEdit, text);
    const buffer = Buffer.from(edited, 'utf8');
    if (!bytes) return buffer;
    const at = Math.floor(bytes[0] * buffer.length);
    return Buffer.concat([buffer.subarray(0, at), Buffer.from(bytes[1]), buffer.subarray(at)]);
  });

/** Contents of .env-format files (the `.env` beside the config and env_file entries): good lines and bad. */
const GOOD_ENV_LINES = ['A=1', 'export B="two words"', "C='literal $X'", '# comment', '', 'E="multi\nline"', 'PORT=9000', ' H = spaced ', 'I="esc \\n \\" \\\\"'];
const BAD_ENV_LINES = ['D="unterminated', '=x', '1BAD=2', 'no equals here', 'E="multi', 'F=\\', 'G="\\q"', "J='open"];
export const envFileText: fc.Arbitrary<string | null> = fc.option(
  fc
    .oneof(
      fc.array(fc.constantFrom(...GOOD_ENV_LINES), { maxLength: 6 }),
      fc.array(
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...GOOD_ENV_LINES, ...BAD_ENV_LINES) }, fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 })),
        { maxLength: 8 },
      ),
    )
    .map((lines) => lines.join('\n')),
  { freq: 3 },
);

function applyEdit(text: string, e: Edit): string {
  const lines = text.split('\n');
  const line = 'line' in e ? e.line % lines.length : 0;
  switch (e.kind) {
    case 'insert': {
      const at = Math.floor(e.at * text.length);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'delete': {
      const at = Math.floor(e.at * text.length);
      return text.slice(0, at) + text.slice(at + e.length);
    }
    case 'truncate':
      return text.slice(0, Math.floor(e.at * text.length));
    case 'indent':
      lines[line] = e.by >= 0 ? ' '.repeat(e.by) + lines[line] : lines[line]!.slice(-e.by);
      return lines.join('\n');
    case 'tab':
      lines[line] = lines[line]!.replace(/^ */, '\t');
      return lines.join('\n');
    case 'dupline':
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
  }
}

function renderEntries(entries: [string, Node][], indent: number): string {
  const pad = ' '.repeat(indent);
  return entries.map(([key, value]) => `${pad}${renderKey(key)}:${renderBlock(value, indent)}`).join('');
}

function renderKey(key: string): string {
  return /^[\w<][\w<\-. ]*$/u.test(key) && !key.endsWith(' ') ? key : JSON.stringify(key);
}

/** A value after `key:`, ending with a newline. */
function renderBlock(node: Node, indent: number): string {
  if (node.kind === 'anchored') {
    const inner = renderBlock(node.node, indent);
    return ` &${node.name}${inner.startsWith('\n') ? '' : ' '}${inner.startsWith(' ') ? inner.slice(1) : inner}`;
  }
  if (node.kind === 'map' && !node.flow && node.entries.length > 0) return `\n${renderEntries(node.entries, indent + 2)}`;
  if (node.kind === 'seq' && !node.flow && node.items.length > 0) {
    return `\n${node.items.map((item) => `${' '.repeat(indent + 2)}- ${renderFlow(item)}\n`).join('')}`;
  }
  if (node.kind === 'scalar' && node.text.includes('\n')) return ` ${node.text.replace(/\n/g, `\n${' '.repeat(indent)}`)}\n`;
  return ` ${renderFlow(node)}\n`;
}

function renderFlow(node: Node): string {
  switch (node.kind) {
    case 'scalar':
      return node.text.includes('\n') ? JSON.stringify(node.text) : node.text;
    case 'alias':
      return `*${node.name}`;
    case 'anchored':
      return `&${node.name} ${renderFlow(node.node)}`;
    case 'seq':
      return `[${node.items.map(renderFlow).join(', ')}]`;
    case 'map':
      return `{${node.entries.map(([k, v]) => `${renderKey(k)}: ${renderFlow(v)}`).join(', ')}}`;
  }
}
