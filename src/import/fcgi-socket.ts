import { fail, type Result, succeed } from '../config/index.js';
import { badFcgiSocket } from './import-messages.js';

/** supervisord's default mode for the unix socket of an `[fcgi-program:x]`. */
const FCGI_SOCKET_MODE = '0700';

/**
 * An `[fcgi-program:x]` `socket` as a drover bind: `tcp://host:port` →
 * `host:port`; `unix:///path` → `{ unix: /path, mode }` with supervisord's
 * socket_mode (default 0700, stricter than drover's 0660).
 */
export function fcgiBind(socket: string, mode: string | undefined): Result<string | { unix: string; mode: string }> {
  const text = socket.trim();
  if (text.startsWith('unix://')) {
    const file = text.slice('unix://'.length);
    if (!file.startsWith('/') && !file.startsWith('${')) return fail(badFcgiSocket(socket));
    return succeed({ unix: file, mode: mode ?? FCGI_SOCKET_MODE });
  }
  const tcp = /^tcp:\/\/([^\s:]+):(\d+)$/.exec(text);
  if (tcp !== null) return succeed(`${tcp[1]}:${tcp[2]}`);
  return fail(badFcgiSocket(socket));
}

/**
 * supervisord hands a FastCGI program its socket as stdin (fd 0); drover
 * passes a prefork worker its socket as fd 3. A shell moves it where the
 * program expects it, then becomes the program (exec keeps the pid).
 */
export function fcgiWorkerCommand(argv: readonly string[]): string[] {
  return ['sh', '-c', 'exec "$0" "$@" 0<&{fd}', ...argv];
}
