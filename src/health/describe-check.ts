import type { ProbeCheck } from '../config/runtime.js';

/**
 * A one-line name for a check, used to prefix its errors:
 * `http http://127.0.0.1:8000/health`, `tcp db:5432`, `exec ./check.sh -q`, `log /ready/`.
 */
export function describeCheck(check: ProbeCheck): string {
  switch (check.kind) {
    case 'http':
      return `http ${hidePassword(check.url)}`;
    case 'tcp':
      return `tcp ${check.host.includes(':') ? `[${check.host}]` : check.host}:${check.port}`;
    case 'exec':
      return `exec ${check.argv.map(quoteArg).join(' ')}`;
    case 'log':
      return `log /${check.pattern}/`;
  }
}

/** Probe errors end up in logs and the TUI; a password in the URL should not. */
function hidePassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.href;
  } catch {
    return url;
  }
}

/** Arguments are shown as given; only ones that would read ambiguously are quoted. */
function quoteArg(arg: string): string {
  return arg === '' || /[\s"'\\]/.test(arg) ? JSON.stringify(arg) : arg;
}
