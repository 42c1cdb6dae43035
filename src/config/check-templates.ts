import { issue, type ConfigIssue, type OptionPath } from './config-issue.js';
import { didYouMean } from '../text/did-you-mean.js';
import { parseTemplate } from './expand-template.js';
import { TEMPLATE_KEYS, isKnownTemplateKey } from './template-vars.js';
import type { RawProgram } from './schema.js';

/**
 * Checks every value the engine will expand per process — command arguments,
 * process_name, log file paths, environment values and the http URL, tcp host
 * or exec command of readiness and liveness probes — for template syntax
 * and unknown keys, so a typo fails `drover check`, not a spawn at 3 a.m.
 */
export function checkTemplates(name: string, raw: RawProgram, env: NodeJS.ProcessEnv): ConfigIssue[] {
  const base = ['programs', name];
  const issues: ConfigIssue[] = [];
  (raw.command ?? []).forEach((arg, index) => issues.push(...checkTemplate(arg, [...base, 'command', index], env)));
  if (raw.process_name !== undefined) issues.push(...checkTemplate(raw.process_name, [...base, 'process_name'], env));
  for (const stream of ['stdout_logfile', 'stderr_logfile'] as const) {
    const target = raw[stream];
    if (target?.kind === 'file') issues.push(...checkTemplate(target.path, [...base, stream], env));
  }
  for (const [key, value] of Object.entries(raw.environment ?? {})) {
    issues.push(...checkTemplate(value, [...base, 'environment', key], env));
  }
  for (const probe of ['readiness', 'liveness'] as const) {
    const check = raw[probe]?.check;
    if (check?.kind === 'http') issues.push(...checkTemplate(check.url, [...base, probe, 'http'], env));
    if (check?.kind === 'tcp') issues.push(...checkTemplate(check.host, [...base, probe, 'tcp'], env));
    if (check?.kind === 'exec') check.argv.forEach((arg, index) => issues.push(...checkTemplate(arg, [...base, probe, 'exec', index], env)));
  }
  return issues;
}

export function checkTemplate(template: string, path: OptionPath, env: NodeJS.ProcessEnv): ConfigIssue[] {
  const parts = parseTemplate(template);
  if (!parts.ok) return [issue(path, parts.message)];
  const issues: ConfigIssue[] = [];
  for (const part of parts.value) {
    if (part.kind !== 'key' || isKnownTemplateKey(part.key, env)) continue;
    issues.push(issue(path, unknownKeyMessage(part.key)));
  }
  return issues;
}

function unknownKeyMessage(key: string): string {
  if (key.startsWith('ENV_')) return `%(${key})s refers to the environment variable ${key.slice(4)}, which is not set`;
  const suggestion = didYouMean(key, TEMPLATE_KEYS);
  const hint = suggestion === undefined ? '' : `; did you mean %(${suggestion})s?`;
  return `expected a template key (${TEMPLATE_KEYS.join(', ')} or ENV_<NAME>), got %(${key})s${hint}`;
}
