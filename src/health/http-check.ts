import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fail, PASS, STOPPED, timedOut, type CheckOptions, type CheckResult } from './check-result.js';
import { errorText } from './error-text.js';

/**
 * Only the status code matters. The body is drained so the server sees a
 * normal close, but a peer that streams without end is cut off after this
 * many bytes or once the check's deadline passes.
 */
const MAX_BODY_DRAIN = 64 * 1024;

/** GET url; passes on 200–399. The timeout covers connect and the response head. */
export function httpCheck(url: string, options: CheckOptions): Promise<CheckResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(fail(`invalid URL`));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return Promise.resolve(fail(`unsupported protocol ${target.protocol}`));
  }
  if (options.signal?.aborted) return Promise.resolve(STOPPED);

  return new Promise((resolve) => {
    let settled = false;
    let req: ClientRequest;
    const settle = (result: CheckResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const teardown = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      req.destroy();
    };
    const onAbort = (): void => {
      settle(STOPPED);
      teardown();
    };
    // One deadline: before the head arrives it fails the check; after, it only
    // ends a body that is still streaming.
    const timer = setTimeout(() => {
      settle(timedOut(options.timeoutMs));
      teardown();
    }, options.timeoutMs);
    timer.unref();

    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    // agent: false: a fresh connection per check, closed afterwards (no keep-alive
    // pool holding sockets open between checks).
    req = send(target, { method: 'GET', agent: false, headers: { 'user-agent': 'drover-health-probe', accept: '*/*' } });
    req.on('error', (err) => {
      settle(fail(errorText(err)));
      teardown();
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      settle(status >= 200 && status < 400 ? PASS : fail(`HTTP ${status}`));
      let drained = 0;
      res.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > MAX_BODY_DRAIN) teardown();
      });
      res.on('error', () => teardown());
      res.on('end', () => teardown());
      res.resume();
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}
