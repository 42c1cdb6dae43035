import path from 'node:path';

/**
 * Something an import could not carry over as written, at the line it came
 * from. The same shape serves for errors (a file that cannot be read or
 * parsed), which end the import instead of being listed.
 */
export interface ImportWarning {
  /** Absolute path of the file the line is in. */
  file: string;
  line: number;
  message: string;
}

/** Messages quote values that may span continuation lines; a warning stays on one line. */
export function warningAt(file: string, line: number, message: string): ImportWarning {
  return { file, line, message: message.replace(/\s*\n\s*/g, ' ') };
}

/** `supervisord.conf:12: warning: …`, with the path as short as it can be said from here. */
export function formatWarning(warning: ImportWarning, cwd = process.cwd()): string {
  return `${displayPath(warning.file, cwd)}:${warning.line}: warning: ${warning.message}`;
}

/** `supervisord.conf:12: …` for a problem that stops the import. */
export function formatError(error: ImportWarning, cwd = process.cwd()): string {
  return `${displayPath(error.file, cwd)}:${error.line}: ${error.message}`;
}

/** Relative to the current folder when the file is inside it, else absolute. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Reading order: by file as first met, then by line. */
export function sortWarnings(warnings: readonly ImportWarning[], fileOrder: readonly string[]): ImportWarning[] {
  const rank = (file: string) => {
    const index = fileOrder.indexOf(file);
    return index === -1 ? fileOrder.length : index;
  };
  return [...warnings].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line);
}
