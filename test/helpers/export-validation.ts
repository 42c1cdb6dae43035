import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { requireServer } from './stack-servers.js';
import { kubernetesProblems } from './kubernetes-checks.js';

/**
 * Checks of exported files as their runners would read them: units by
 * systemd-analyze, compose files against the Compose Specification's JSON
 * schema (test/fixtures/schemas/compose-spec.json, from compose-spec/compose-spec)
 * and compose's interpolation, manifests against Kubernetes' OpenAPI schema
 * (the kubernetes-models package) and by kubernetes-checks.ts for the formats
 * the schema leaves to the API server (names, labels, `$(VAR)` references).
 */

/** The kinds drover exports, each validated by its model's schema. */
const MODELS: Record<string, (value: Record<string, unknown>) => { validate(): void }> = {
  'apps/v1 Deployment': (value) => new Deployment(value),
  'v1 Service': (value) => new Service(value),
};

function schemaProblems(manifest: unknown, where: string): string[] {
  const doc = (manifest ?? {}) as Record<string, unknown>;
  const model = MODELS[`${String(doc.apiVersion)} ${String(doc.kind)}`];
  if (model === undefined) return [`${where}: ${String(doc.apiVersion)} ${String(doc.kind)} is not a kind drover exports`];
  try {
    model(doc).validate();
    return [];
  } catch (err) {
    return [`${where}: schema: ${(err as Error).message}`];
  }
}

/** systemd-analyze verifies exported units; a test that needs it fails (never skips) where it is missing. */
export function requireSystemdAnalyze(): void {
  requireServer('systemd-analyze', ['--version']);
}

const COMPOSE_SCHEMA_FILE = new URL('../fixtures/schemas/compose-spec.json', import.meta.url);
let composeSchema: z.ZodType | null = null;

function loadComposeSchema(): z.ZodType {
  // zod reads draft-07 `definitions` when told the draft; the file names it by an https URL zod does not recognise.
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(COMPOSE_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  composeSchema ??= z.fromJSONSchema(schema, { defaultTarget: 'draft-7' });
  return composeSchema;
}

/**
 * What is wrong with a compose file: YAML errors, schema violations, and a
 * `$` compose would fill in that is not one of the config's variables
 * (compose fails on `$?` and silently fills in `$HOME`: a literal `$` must be `$$`).
 */
export function composeProblems(text: string, variables: ReadonlySet<string>): string[] {
  const docs = parseAllDocuments(text);
  if (docs.length !== 1) return [`expected one YAML document, got ${docs.length}`];
  const doc = docs[0]!;
  if (doc.errors.length > 0) return doc.errors.map((error) => `YAML: ${error.message}`);
  const value = doc.toJS() as unknown;
  const problems: string[] = [];
  const checked = loadComposeSchema().safeParse(value);
  if (!checked.success) problems.push(...checked.error.issues.map((issue) => `schema: ${issue.path.join('.')}: ${issue.message}`));
  for (const [where, string] of strings(value, [])) {
    for (const reference of string.replaceAll('$$', '').matchAll(/\$(\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*|.?)/g)) {
      const name = reference[2];
      if (name === undefined || !variables.has(name)) problems.push(`${where}: compose would fill in ${JSON.stringify(reference[0])} in ${JSON.stringify(string)}`);
    }
  }
  return problems;
}

/** What is wrong with a stream of Kubernetes manifests. */
export function manifestProblems(text: string): string[] {
  const docs = parseAllDocuments(text);
  const problems = docs.flatMap((doc) => doc.errors.map((error) => `YAML: ${error.message}`));
  if (problems.length > 0) return problems;
  return docs.flatMap((doc, i) => [...schemaProblems(doc.toJS(), `document ${i + 1}`), ...kubernetesProblems(doc.toJS(), `document ${i + 1}`)]);
}

/** Every string in a parsed YAML value, with where it is. */
export function strings(value: unknown, path: (string | number)[]): [string, string][] {
  if (typeof value === 'string') return [[path.join('.'), value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, [...path, key]));
  return [];
}

/** The parsed compose file, for tests that look inside. */
export function parseCompose(text: string): { services: Record<string, Record<string, unknown>> } {
  return parse(text) as { services: Record<string, Record<string, unknown>> };
}
