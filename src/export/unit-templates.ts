import { expandTemplate, parseTemplate, type TemplatePart } from '../config/index.js';
import { escapeSpecifiers } from './unit-text.js';

/**
 * drover's `%(name)s` templates in a per-program systemd unit. The instance
 * of `NAME@.service` is the process number, so `%(process_num)…` becomes the
 * specifier `%i`; `%(host_node_name)s` becomes `%H`, the host the unit runs
 * on. Every other key is fixed for the program and is expanded now.
 */

/**
 * The template as unit text: literal parts %-escaped, the per-instance parts
 * as specifiers. `vars` are the program's template values (buildTemplateVars);
 * its process_num and host_node_name are not used.
 */
export function expandForUnit(template: string, vars: Record<string, string | number>): string {
  const parts = parseTemplate(template);
  if (!parts.ok) throw new TypeError(`invalid template ${JSON.stringify(template)}: ${parts.message}`);
  return parts.value.map((part) => unitTextOf(part, vars)).join('');
}

function unitTextOf(part: TemplatePart, vars: Record<string, string | number>): string {
  if (part.kind === 'text') return escapeSpecifiers(part.text);
  if (part.key === 'process_num') return '%i';
  if (part.key === 'host_node_name') return '%H';
  return escapeSpecifiers(expandTemplate(part.raw, vars));
}

/** How a program's templates write `%(process_num)`: plain digits, zero-padded to a width, or in ways one instance name cannot match. */
export type ProcessNumFormat = { kind: 'plain' } | { kind: 'zero-padded'; width: number } | { kind: 'mixed' };

/**
 * Instance names are written the way the program's templates format the
 * process number (`web@00.service` for `%(process_num)02d`), so that `%i` is
 * exactly what drover would have put there. Two different formats, or
 * padding with spaces (no valid unit name holds a space), cannot be matched.
 */
export function processNumFormat(templates: readonly string[]): ProcessNumFormat {
  const seen = new Set<string>();
  for (const template of templates) {
    const parts = parseTemplate(template);
    if (!parts.ok) continue;
    for (const part of parts.value) {
      if (part.kind !== 'key' || part.key !== 'process_num') continue;
      if (part.width === 0) seen.add('plain');
      else if (part.conversion === 'd' && part.zeroPad && !part.leftAlign) seen.add(`zero:${part.width}`);
      else seen.add('spaces');
    }
  }
  if (seen.size > 1 || seen.has('spaces')) return { kind: 'mixed' };
  const [only] = seen;
  return only === undefined || only === 'plain' ? { kind: 'plain' } : { kind: 'zero-padded', width: Number(only.slice('zero:'.length)) };
}

/** An instance name: the process number, written as the program's templates write it. */
export function instanceName(num: number, format: ProcessNumFormat): string {
  return format.kind === 'zero-padded' ? String(num).padStart(format.width, '0') : String(num);
}

/** Whether any of the templates uses `%(process_num)`. */
export function usesProcessNum(templates: readonly string[]): boolean {
  return templates.some((template) => {
    const parts = parseTemplate(template);
    return parts.ok && parts.value.some((part) => part.kind === 'key' && part.key === 'process_num');
  });
}
