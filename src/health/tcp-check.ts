import { connect } from 'node:net';
import { fail, PASS, STOPPED, timedOut, type CheckOptions, type CheckResult } from './check-result.js';
import { errorText } from './error-text.js';

/** Passes once a TCP connection to host:port opens; the connection is closed straight away. */
export function tcpCheck(host: string, port: number, options: CheckOptions): Promise<CheckResult> {
  if (options.signal?.aborted) return Promise.resolve(STOPPED);
  return new Promise((resolve) => {
    let settled = false;
    const socket = connect({ host, port });
    const finish = (result: CheckResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => finish(STOPPED);
    const timer = setTimeout(() => finish(timedOut(options.timeoutMs)), options.timeoutMs);
    timer.unref();
    socket.once('connect', () => finish(PASS));
    socket.on('error', (err) => finish(fail(errorText(err))));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
