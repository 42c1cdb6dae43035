import type { ConfigSpec, ProgramSpec } from './case-types.js';
import { FIXTURES, fillPlaceholders } from './paths.js';

/** drover reads `$$` as a literal `$` (it interpolates `${VAR}`); supervisord has no such syntax. */
function yamlString(value: string): string {
  return JSON.stringify(value.replaceAll('$', '$$'));
}

function yamlValue(value: ProgramSpec[string]): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([key, v]) => `${JSON.stringify(key)}: ${yamlString(v)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'string') return yamlString(value);
  return String(value);
}

/** programs.yaml for a case: the same options under the same names, drover's own defaults elsewhere. */
export function renderYaml(config: ConfigSpec, dir: string): string {
  const lines = ['programs:'];
  for (const [name, program] of Object.entries(config.programs)) {
    lines.push(`  ${name}:`);
    for (const [key, value] of Object.entries(program)) lines.push(`    ${key}: ${yamlValue(value)}`);
  }
  const groups = Object.entries(config.groups ?? {});
  if (groups.length > 0) {
    lines.push('groups:');
    for (const [name, members] of groups) lines.push(`  ${name}: [${members.join(', ')}]`);
  }
  return fillPlaceholders(lines.join('\n') + '\n', dir, FIXTURES);
}
