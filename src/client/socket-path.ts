import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { findConfigPath, interpolate, parseDotenv } from '../config/runtime.js';
import { scanSocketSetting } from './scan-socket-setting.js';

/**
 * Socket discovery for ctl and attach (SPEC section 1): `--socket PATH`, else
 * `$DROVER_SOCKET`, else the socket the config names — resolved exactly as the
 * supervisor resolves it (relative to the config's folder, `${VAR}`
 * interpolated, `run/drover.sock` by default) — else a per-user default.
 */

export type SocketSource = { kind: '--socket' } | { kind: 'DROVER_SOCKET' } | { kind: 'config'; file: string } | { kind: 'per-user default'; missingConfig: string };

export interface SocketLocation {
  path: string;
  source: SocketSource;
}

/** The socket path cannot be worked out; ctl reports it as a usage problem. */
export class SocketPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SocketPathError';
  }
}

/** The config setting, the per-user fallback, and the default inside a config's folder. */
export const DEFAULT_CONFIG_SOCKET = 'run/drover.sock';

export interface SocketOptions {
  socket: string | null;
  config: string | null;
}

export async function findSocketPath(options: SocketOptions, env: NodeJS.ProcessEnv = process.env): Promise<SocketLocation> {
  if (options.socket !== null) return { path: path.resolve(options.socket), source: { kind: '--socket' } };
  if (env.DROVER_SOCKET) return { path: path.resolve(env.DROVER_SOCKET), source: { kind: 'DROVER_SOCKET' } };
  const file = findConfigPath(options.config, env);
  let text: string;
  try {
    // Read synchronously: a small file read once, and node:fs/promises alone cost ctl ~2 ms of CPU to load.
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { path: perUserSocket(env), source: { kind: 'per-user default', missingConfig: file } };
    // A config that exists but cannot be read (a root-owned 0600 file, say)
    // names a socket we cannot know; guessing the per-user one would mislead.
    throw new SocketPathError(`cannot read ${file} to find the control socket (${code ?? (error as Error).message}); pass --socket PATH or set DROVER_SOCKET`);
  }
  const dir = path.dirname(file);
  const setting = await socketSetting(text);
  const raw = setting ?? DEFAULT_CONFIG_SOCKET;
  const value = raw.includes('$') ? interpolateSocket(raw, file, env) : raw;
  return { path: path.resolve(dir, value), source: { kind: 'config', file } };
}

/** `$XDG_RUNTIME_DIR/drover/drover.sock`, else `/tmp/drover-<uid>/drover.sock`. */
export function perUserSocket(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'drover', 'drover.sock');
  const uid = process.getuid?.() ?? userInfo().uid;
  return path.join('/tmp', `drover-${uid}`, 'drover.sock');
}

/** How the path was found, for messages: `no supervisor answers at X (from config /x/programs.yaml)`. */
export function describeSource(source: SocketSource): string {
  switch (source.kind) {
    case '--socket':
      return 'from --socket';
    case 'DROVER_SOCKET':
      return 'from $DROVER_SOCKET';
    case 'config':
      return `from config ${source.file}`;
    case 'per-user default':
      return `the per-user default; no config at ${source.missingConfig}`;
  }
}

/** The raw `supervisor.socket` string, or null when the config leaves it to the default. */
async function socketSetting(text: string): Promise<string | null> {
  const scanned = scanSocketSetting(text);
  if (scanned.kind === 'value') return scanned.value;
  if (scanned.kind === 'absent') return null;
  return parseSocketSetting(text);
}

/**
 * The full parse, for the forms the scanner does not read. Lenient on
 * purpose: the file may have been edited (and broken) since the supervisor
 * read it, and ctl must still reach that supervisor, so whatever the parser
 * makes of the file is used, and anything unusable means the default.
 */
export async function parseSocketSetting(text: string): Promise<string | null> {
  const { parseDocument } = await import('yaml');
  try {
    const doc = parseDocument(text, { uniqueKeys: false, merge: true });
    const root = doc.toJS() as unknown;
    const supervisor = isRecord(root) ? root.supervisor : undefined;
    const socket = isRecord(supervisor) ? supervisor.socket : undefined;
    return typeof socket === 'string' && socket.trim() !== '' ? socket : null;
  } catch {
    return null;
  }
}

/** `${VAR}` / `${VAR:-default}` as the config loader does it: the environment, then the `.env` beside the config. */
function interpolateSocket(raw: string, file: string, env: NodeJS.ProcessEnv): string {
  let dotenv: Record<string, string> = {};
  try {
    dotenv = parseDotenv(readFileSync(path.join(path.dirname(file), '.env'), 'utf8')).vars;
  } catch {
    // No .env (the usual case) or an unreadable one: the environment alone decides.
  }
  const result = interpolate(raw, (name) => env[name] ?? dotenv[name]);
  if (result.problems.length > 0) {
    throw new SocketPathError(`supervisor.socket in ${file} is ${JSON.stringify(raw)}: ${result.problems[0]!.message}; pass --socket PATH or set DROVER_SOCKET`);
  }
  return result.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
