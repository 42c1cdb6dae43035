import { isMap, isPair, isScalar, type Document } from 'yaml';
import { keyText } from './positions.js';

/**
 * YAML 1.2 reads `umask: 022` as the decimal number 22, but every
 * supervisord user means octal 022. Before validation, each numeric umask is
 * replaced by its source text so the umask parser sees "022".
 */
export function keepUmaskSource(doc: Document): void {
  const programs = isMap(doc.contents) ? doc.contents.get('programs', true) : undefined;
  if (!isMap(programs)) return;
  for (const program of programs.items) {
    if (!isPair(program) || !isMap(program.value)) continue;
    for (const option of program.value.items) {
      if (!isPair(option) || keyText(option.key) !== 'umask') continue;
      const value = option.value;
      if (isScalar(value) && typeof value.value === 'number') value.value = value.source ?? String(value.value);
    }
  }
}
