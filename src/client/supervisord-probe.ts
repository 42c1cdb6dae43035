import { exchange } from './http-exchange.js';

/**
 * Whether a socket that gave a non-drover answer is supervisord's. supervisord
 * serves HTTP on its unix socket too (its Medusa server), so drover's request
 * gets an HTML 404 or 400; a script moved half-way from supervisorctl then
 * points `drover ctl` at it. Its server's name tells it apart; one XML-RPC
 * call gets its version.
 */

const VERSION_CALL = "<?xml version='1.0'?><methodCall><methodName>supervisor.getSupervisorVersion</methodName><params></params></methodCall>";

/** What a socket's owner turned out to be: supervisord (its version, when it told), or something else. */
export type ForeignAnswer = { kind: 'supervisord'; version: string | null } | { kind: 'unknown' };

/** Medusa is the HTTP server inside supervisord; its name is in every answer, even a 401 to a password-protected one. */
function isSupervisordServer(serverHeader: string | undefined): boolean {
  return /^Medusa\//.test(serverHeader ?? '');
}

/** The version in an XML-RPC `getSupervisorVersion` answer, or null when the text is not one. */
export function readVersionAnswer(text: string): string | null {
  if (!/<methodResponse>/.test(text) || /<fault>/.test(text)) return null;
  const value = /<value>\s*(?:<string>)?([^<]*)(?:<\/string>)?\s*<\/value>/.exec(text);
  return value ? value[1]!.trim() : null;
}

/**
 * supervisord, with the version it gives over XML-RPC at /RPC2, when the
 * answer came from its server; never throws. Any other server is left alone:
 * a request it does not expect is not ours to send.
 */
export function identifySocketOwner(socketPath: string, serverHeader: string | undefined): Promise<ForeignAnswer> {
  if (!isSupervisordServer(serverHeader)) return Promise.resolve({ kind: 'unknown' });
  const fallback: ForeignAnswer = { kind: 'supervisord', version: null };
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let status = 0;
    const cut = exchange(
      socketPath,
      {
        method: 'POST',
        path: '/RPC2',
        headers: { host: 'drover', connection: 'close', 'content-type': 'text/xml', 'content-length': Buffer.byteLength(VERSION_CALL) },
        body: VERSION_CALL,
      },
      {
        head: (head) => (status = head.status),
        data: (chunk) => chunks.push(chunk),
        error: () => done(fallback),
        // A password-protected supervisord answers 401: still supervisord, version unknown.
        end: () => done({ kind: 'supervisord', version: status === 200 ? readVersionAnswer(Buffer.concat(chunks).toString('utf8')) : null }),
      },
    );
    // A server that never answers must not hold ctl: the first answer already failed.
    const timer = setTimeout(() => {
      cut();
      resolve(fallback);
    }, 3000);
    const done = (answer: ForeignAnswer) => {
      clearTimeout(timer);
      resolve(answer);
    };
  });
}
