import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Side } from './case-types.js';

/** A log file's text from the side's folder, or null while it does not exist. */
export function readLog(side: Side, name: string): string | null {
  const file = path.join(side.dir, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** The text as one table cell: newlines shown, `(absent)` for a missing file. */
export function shown(text: string | null): string {
  return text === null ? '(absent)' : JSON.stringify(text);
}

/** `a.out`, `a.out.1`, … present in the side's folder, in rotation order. */
export function rotatedFiles(side: Side, base: string): string[] {
  return readdirSync(side.dir)
    .filter((name) => name === base || name.startsWith(`${base}.`))
    .sort((x, y) => Number(x.slice(base.length + 1) || 0) - Number(y.slice(base.length + 1) || 0));
}
