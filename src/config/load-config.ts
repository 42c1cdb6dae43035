import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { checkApp } from './check-app.js';
import { checkServerHooks } from './check-server-hooks.js';
import { checkTemplates } from './check-templates.js';
import { collectWarnings } from './collect-warnings.js';
import type { ConfigIssue, OptionPath } from './config-issue.js';
import { checkHost, type HostLookups } from './check-host.js';
import { checkCrossRules } from './cross-rules.js';
import { findDuplicateKeys } from './duplicate-keys.js';
import { interpolateDocument } from './interpolate-document.js';
import { keepOctalSource } from './keep-octal-source.js';
import { loadEnvFiles } from './load-env-files.js';
import { unreadableFile } from './messages.js';
import { normalizeProgram, normalizeSupervisor } from './normalize.js';
import { parseYaml } from './parse-yaml.js';
import { issueToError } from './positions.js';
import { readEnvFile } from './read-env-file.js';
import { coerceInterpolated } from './schema.js';
import type { Config, ConfigError, LoadResult, ProgramConfig, SourcePosition } from './types.js';
import { validateConfig } from './validate-raw.js';

/**
 * Reads programs.yaml into a typed Config. Never throws for bad input: every
 * problem found — syntax, types, unknown options, cross-program rules — is
 * returned at once, each with file, line, column and option path.
 */
export interface LoadOptions {
  /** Also warn about what this machine lacks (users, folders, commands): `drover check` asks for it. */
  host?: HostLookups;
}

export async function loadConfig(file: string, givenEnv: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Promise<LoadResult> {
  // One read of the environment for the whole load: frozen, its ENV_ template table is built once (template-vars.ts),
  // where process.env was read whole again for each process's name (200 programs: ~20 ms and its garbage).
  const env = Object.freeze({ ...givenEnv });
  const configFile = path.resolve(file);
  const dir = path.dirname(configFile);
  let text: string;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (error) {
    return { ok: false, errors: [{ file: configFile, line: 1, column: 1, path: '', message: unreadableFile('the config file', error) }] };
  }
  const parsed = parseYaml(configFile, text);
  if (!parsed.ok) return parsed;
  const { doc, lineCounter } = parsed;
  const errors: ConfigError[] = [];
  const issues: ConfigIssue[] = [];

  const dotenv = await readDotenvBeside(dir, errors);
  keepOctalSource(doc);
  const lookup = (name: string) => env[name] ?? dotenv[name];
  const interpolation = interpolateDocument(doc, text, lookup, coerceInterpolated);
  issues.push(...findDuplicateKeys(doc, lineCounter));

  const tree = toPlainTree(doc);
  if (!tree.ok) return { ok: false, errors: [{ file: configFile, line: 1, column: 1, path: '', message: tree.message }] };
  const validated = validateConfig(tree.value);
  issues.push(...validated.issues);

  const programs: ProgramConfig[] = [];
  for (const { name, raw } of validated.value.programs) {
    const envFiles = await loadEnvFiles(name, raw.env_file ?? [], dir);
    issues.push(...envFiles.issues, ...checkTemplates(name, raw, env), ...(await checkApp(name, raw.app, dir)));
    errors.push(...envFiles.errors);
    const sourceOf = (option?: string): SourcePosition => ({
      file: configFile,
      ...positionOf(option === undefined ? ['programs', name] : ['programs', name, option], doc, lineCounter, configFile),
    });
    programs.push(normalizeProgram(name, raw, { dir, source: sourceOf(), envFileVars: envFiles.vars, sourceOf }));
  }
  programs.sort((a, b) => a.source.line - b.source.line || a.source.column - b.source.column);
  const { programNames, groups, supervisor } = validated.value;
  issues.push(...checkCrossRules({ programs, programNames, groups, dir, env }));

  const position = (list: ConfigIssue[]) => list.map((i) => issueToError(i, doc, lineCounter, configFile));
  // A value whose ${VAR} failed is reported once, not again as a wrong type
  // or a bad template: what the later steps saw was the raw `${…}` text.
  const unaffected = issues.filter((i) => !interpolation.failedPaths.some((failed) => startsWith(i.path, failed)));
  errors.push(...position([...interpolation.issues, ...unaffected]));
  if (errors.length > 0 || supervisor === null || groups === null) return { ok: false, errors: sortErrors(errors, configFile) };
  const config: Config = { file: configFile, dir, supervisor: normalizeSupervisor(supervisor, dir), programs, groups, variables: interpolation.interpolated };
  const hostIssues = options.host ? checkHost(config, env, options.host) : [];
  const serverHooks = await checkServerHooks(validated.value.programs, dir);
  const warnings = [...parsed.warnings, ...position([...collectWarnings(validated.value.programs, process.getuid?.()), ...serverHooks, ...hostIssues])];
  return { ok: true, config, warnings: sortErrors(warnings, configFile) };
}

/** The optional `.env` beside the config, used only for `${VAR}` interpolation. */
async function readDotenvBeside(dir: string, errors: ConfigError[]): Promise<Record<string, string>> {
  const file = path.join(dir, '.env');
  const read = await readEnvFile(file);
  if (read.kind === 'unreadable') {
    // A missing .env is the common case; any other failure is worth saying.
    const code = (read.error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') errors.push({ file, line: 1, column: 1, path: '', message: unreadableFile('.env', read.error) });
    return {};
  }
  for (const problem of read.problems) errors.push({ file, line: problem.line, column: problem.column, path: '', message: problem.message });
  return read.vars;
}

function toPlainTree(doc: Document): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  try {
    return { ok: true, value: doc.toJS() as Record<string, unknown> };
  } catch (error) {
    // The yaml library refuses "billion laughs" alias expansion by throwing.
    return { ok: false, message: `cannot read the YAML tree: ${(error as Error).message}` };
  }
}

function positionOf(path: OptionPath, doc: Document, lineCounter: LineCounter, file: string): { line: number; column: number } {
  const { line, column } = issueToError({ path, message: '', at: 'key' }, doc, lineCounter, file);
  return { line, column };
}

function startsWith(path: OptionPath, prefix: OptionPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/** Config-file problems first, in reading order; then problems inside env files. */
function sortErrors(errors: ConfigError[], configFile: string): ConfigError[] {
  return [...errors].sort((a, b) => Number(a.file !== configFile) - Number(b.file !== configFile) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
