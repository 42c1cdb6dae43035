import { Document, isMap, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ImportedConfig } from './imported-config.js';
import { displayPath } from './import-warning.js';

// programs.yaml's own order (SPEC section 2), so every import reads the same way.
const PROGRAM_KEY_ORDER = [
  'type',
  'command',
  'app',
  'bind',
  'workers',
  'ready_when',
  'process_name',
  'numprocs',
  'numprocs_start',
  'directory',
  'environment',
  'user',
  'umask',
  'autostart',
  'autorestart',
  'exitcodes',
  'startsecs',
  'startretries',
  'stopsignal',
  'stopwaitsecs',
  'stopasgroup',
  'killasgroup',
  'priority',
  'depends_on',
  'redirect_stderr',
  'stdout_logfile',
  'stdout_logfile_maxbytes',
  'stdout_logfile_backups',
  'stderr_logfile',
  'stderr_logfile_maxbytes',
  'stderr_logfile_backups',
];
const SUPERVISOR_KEY_ORDER = ['socket', 'pidfile', 'logdir'];

/**
 * programs.yaml text: `header` lines as a comment on top, then supervisor,
 * programs (each with a comment naming where it came from) and groups.
 * Short lists are written inline; long strings are never folded.
 */
export function emitYaml(config: ImportedConfig, header: readonly string[]): string {
  const root: Record<string, unknown> = {};
  if (Object.keys(config.supervisor).length > 0) root.supervisor = ordered(config.supervisor, SUPERVISOR_KEY_ORDER);
  root.programs = Object.fromEntries(config.programs.map((program) => [program.name, ordered(program.options, PROGRAM_KEY_ORDER)]));
  if (Object.keys(config.groups).length > 0) root.groups = config.groups;

  const doc = new Document(root);
  doc.commentBefore = header.map((line) => (line === '' ? '' : ` ${line}`)).join('\n');
  const programs = doc.get('programs', true) as YAMLMap;
  programs.items.forEach((pair, index) => {
    const key = (pair as Pair<Scalar>).key;
    const origin = config.programs[index]!.origin;
    key.commentBefore = ` ${origin.label}, ${displayPath(origin.file)}:${origin.line}`;
    if (index > 0) key.spaceBefore = true;
  });
  inlineScalarLists(doc.contents);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function ordered(options: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(Object.entries(options).sort(([a], [b]) => rank(a) - rank(b)));
}

/** `exitcodes: [0, 2]`, `[sh, -c, …]`: lists of plain values on one line; mappings of short values too. */
function inlineScalarLists(node: unknown): void {
  if (isSeq(node)) {
    if (node.items.every((item) => isScalar(item))) node.flow = true;
    else node.items.forEach(inlineScalarLists);
  } else if (isMap(node)) {
    for (const pair of node.items) inlineScalarLists(pair.value);
    const small = node.items.length <= 2 && node.items.every((pair) => isScalar(pair.value) && String(pair.value.value).length <= 40);
    if (small && node.items.every((pair) => isScalar(pair.key) && ['log', 'unix', 'mode'].includes(String(pair.key.value)))) node.flow = true;
  }
}
