import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeExports, isClass } from './describe-value.js';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export type LoadResult = { ok: true; listener: RequestListener } | { ok: false; message: string; detail?: string };

/** How the app is named in messages: relative to the working directory when inside it. */
export function displayPath(app: string): string {
  const rel = relative(process.cwd(), app);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? `.${sep}${rel}` : app;
}

function usable(value: unknown): value is RequestListener {
  return typeof value === 'function' && !isClass(value);
}

/**
 * The module's request listener: its default export, else its `handler` export.
 * A CommonJS module compiled from `export default` (exports.default + __esModule)
 * counts as having that default export.
 */
export function findListener(mod: Record<string, unknown>): RequestListener | undefined {
  if (usable(mod.default)) return mod.default;
  if (usable(mod.handler)) return mod.handler;
  const cjs = mod.default as { __esModule?: unknown; default?: unknown } | null | undefined;
  if (typeof cjs === 'object' && cjs !== null && cjs.__esModule && usable(cjs.default)) return cjs.default;
  return undefined;
}

export async function loadApp(app: string): Promise<LoadResult> {
  const name = displayPath(app);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(app).href)) as Record<string, unknown>;
  } catch (err) {
    if (!existsSync(app)) return { ok: false, message: `${name} cannot be loaded: no such file (${app})` };
    const e = err as { message?: unknown; stack?: unknown };
    const summary = err instanceof Error ? `${err.name}: ${String(e.message).split('\n')[0]}` : String(err);
    const stack = typeof e.stack === 'string' ? e.stack : undefined;
    return { ok: false, message: `${name} failed to load: ${summary}`, ...(stack ? { detail: stack } : {}) };
  }
  const listener = findListener(mod);
  if (listener) return { ok: true, listener };
  return {
    ok: false,
    message: `${name} exports no request listener (expected a default export or "handler" that is a function; found: ${describeExports(mod)})`,
  };
}
