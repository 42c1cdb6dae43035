import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { keyText } from './positions.js';

/**
 * YAML 1.2 reads `umask: 022` as the decimal number 22, but every
 * supervisord user means octal 022, and the same goes for a unix socket's
 * `mode: 0660` in a bind entry. Before validation, each numeric umask and
 * bind mode is replaced by its source text so the octal parser sees "022".
 */
export function keepOctalSource(doc: Document): void {
  const programs = isMap(doc.contents) ? doc.contents.get('programs', true) : undefined;
  if (!isMap(programs)) return;
  for (const program of programs.items) {
    if (!isPair(program) || !isMap(program.value)) continue;
    for (const option of program.value.items) {
      if (!isPair(option)) continue;
      const key = keyText(option.key);
      if (key === 'umask') keepSource(option.value);
      if (key !== 'bind') continue;
      const entries = isSeq(option.value) ? option.value.items : [option.value];
      for (const entry of entries) if (isMap(entry)) keepSource(entry.get('mode', true));
    }
  }
}

function keepSource(value: unknown): void {
  if (isScalar(value) && typeof value.value === 'number') value.value = value.source ?? String(value.value);
}
