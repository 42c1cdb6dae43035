import { PROCFILE_LINE } from './procfile.js';

export type ImportFormat = 'supervisord' | 'procfile';

/**
 * Which kind of file this is: one with `[section]` headers is a supervisord
 * config (a Procfile never has them), else one with `name: command` lines is
 * a Procfile; null when it is neither.
 */
export function detectFormat(text: string): ImportFormat | null {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)
    .map((line) => line.trim());
  if (lines.some((line) => /^\[[^\]]+\]/.test(line))) return 'supervisord';
  if (lines.some((line) => PROCFILE_LINE.test(line))) return 'procfile';
  return null;
}
