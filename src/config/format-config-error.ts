import type { OptionPath } from './config-issue.js';
import type { ConfigError } from './types.js';

/** `programs.web.exitcodes[1]`: dots between names, brackets for list items. */
export function formatOptionPath(path: OptionPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** `file:line:col: path: message`, or `file:line:col: message` for file-level problems. */
export function formatConfigError(error: ConfigError): string {
  const where = `${error.file}:${error.line}:${error.column}`;
  return error.path === '' ? `${where}: ${error.message}` : `${where}: ${error.path}: ${error.message}`;
}
