/** Short human descriptions of what an app module exported, for error messages. */

const MAX_KEYS = 8;

export function isClass(fn: object): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function listKeys(keys: string[]): string {
  const shown = keys.slice(0, MAX_KEYS).join(', ');
  return keys.length > MAX_KEYS ? `${shown}, … (${keys.length - MAX_KEYS} more)` : shown;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `a ${typeof value} (${String(value)})`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return isClass(value) ? `class ${value.name || '(anonymous)'} (a class cannot be called as a request listener)` : 'a function';
    default:
      break;
  }
  if (typeof (value as { then?: unknown }).then === 'function') return 'a Promise (export the listener itself, not a promise of it)';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  const keys = Object.keys(value);
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const kind = proto === null || proto === Object.prototype ? 'an object' : `a ${proto.constructor?.name || 'class'} instance`;
  return keys.length === 0 ? `${kind} with no keys` : `${kind} with keys ${listKeys(keys)}`;
}

/** What a module namespace holds, when it has no usable listener. */
export function describeExports(mod: Record<string, unknown>): string {
  const parts: string[] = [];
  if (mod.default !== undefined) parts.push(`default export is ${describeValue(mod.default)}`);
  if (mod.handler !== undefined) parts.push(`"handler" is ${describeValue(mod.handler)}`);
  // 'module.exports' is how newer Node versions expose a CommonJS module's whole exports.
  const others = Object.keys(mod).filter((k) => k !== 'default' && k !== 'handler' && k !== 'module.exports');
  if (others.length > 0) parts.push(`named exports ${listKeys(others)}`);
  return parts.length > 0 ? parts.join('; ') : 'no exports at all';
}
