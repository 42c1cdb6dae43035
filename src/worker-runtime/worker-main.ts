/**
 * drover's built-in prefork worker: `node worker-main.js <app module>`, started
 * by the master with listening sockets at fds 3, 4, … (see protocol.ts for the
 * environment, the notify-pipe messages and the exit codes). Only node: modules
 * may be imported here and in everything it imports.
 */
import { DrainController } from './drain-controller.js';
import { loadApp } from './load-app.js';
import { NotifyPipe } from './notify-pipe.js';
import { WORKER_EXIT } from './protocol.js';
import { WorkerHttp } from './worker-http.js';
import { forgetInheritedFds, readWorkerSettings } from './worker-settings.js';

/** How long an exit waits for queued notify messages (e.g. "draining") to be written. */
const EXIT_FLUSH_MS = 1000;

function log(line: string): void {
  process.stderr.write(`drover worker: ${line}\n`);
}

function fail(code: number, line: string, detail?: string): never {
  log(line);
  if (detail) process.stderr.write(`${detail.replace(/^/gm, '    ')}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const read = readWorkerSettings(process.argv.slice(2), process.env);
  if (!read.ok) fail(WORKER_EXIT.usage, read.message);
  const settings = read.settings;
  forgetInheritedFds(process.env);

  let http: WorkerHttp | undefined;
  let listening = false;
  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    void notify.flush(EXIT_FLUSH_MS).then(() => process.exit(code));
  };
  const notify: NotifyPipe = new NotifyPipe(settings.notifyFd, (err) => {
    // Nobody supervises us any more; our stdout/stderr may lead to the dead master too.
    process.stdout.on('error', () => {});
    process.stderr.on('error', () => {});
    log(NotifyPipe.isReaderGone(err) ? 'the master is gone (notify pipe closed): draining and exiting' : `notify pipe failed (${err.code ?? err.message}): draining and exiting`);
    drain.begin('master_gone');
  });
  const drain = new DrainController({
    http: () => (listening ? http : undefined),
    gracefulTimeoutMs: settings.gracefulTimeoutMs,
    notify,
    exit,
    log,
  });
  process.on('SIGTERM', () => drain.signal('SIGTERM'));
  process.on('SIGINT', () => drain.signal('SIGINT'));

  const loaded = await loadApp(settings.app);
  if (!loaded.ok) fail(WORKER_EXIT.config, loaded.message, loaded.detail);
  if (drain.draining) return; // stopped while loading: exiting already

  http = new WorkerHttp(loaded.listener, (total) => {
    if (settings.maxRequests > 0 && total >= settings.maxRequests) drain.begin('max_requests');
  });
  try {
    await http.listen(settings.listenFds);
  } catch (err) {
    const e = err as Error & { fd?: number };
    fail(WORKER_EXIT.listenFailed, `cannot listen on inherited fd ${e.fd ?? '?'}: ${e.message}`);
  }
  if (drain.draining) return;
  listening = true;
  notify.send({ t: 'ready', pid: process.pid });

  const serving = http;
  if (settings.heartbeatMs > 0) {
    setInterval(() => notify.send({ t: 'hb', requests: serving.requests }), settings.heartbeatMs).unref();
  }
}

main().catch((err: unknown) => {
  // A bug in the runtime itself, not in the app.
  fail(WORKER_EXIT.uncaught, `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
});
