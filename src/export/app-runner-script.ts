/**
 * The container command of a prefork `app:` program. In a container each
 * replica listens by itself (no master passes it a socket), so drover's
 * worker runtime, which only takes inherited sockets, cannot run there. This
 * small runner does the part that carries over: it loads the module the way
 * the runtime does (default export, else `handler`, else a compiled CommonJS
 * default), listens on the port (or unix path), and on SIGTERM stops
 * accepting and exits once in-flight requests are done or graceful_timeout
 * passes.
 *
 * Run as `node --input-type=module -e SCRIPT APP WHERE GRACE_MS`.
 */
const SCRIPT = [
  "const [{ createServer }, { pathToFileURL }] = await Promise.all([import('node:http'), import('node:url')]);",
  'const [app, where, grace] = process.argv.slice(1);',
  'const mod = await import(pathToFileURL(app).href);',
  'const cjs = mod.default && mod.default.__esModule ? mod.default.default : undefined;',
  "const listener = [mod.default, mod.handler, cjs].find((f) => typeof f === 'function');",
  "if (!listener) throw new Error(app + ' exports no request listener (a default export or handler function)');",
  "if (!/^\\d+$/.test(where) && !where.startsWith('/')) throw new Error('expected a port or a unix socket path to listen on, got ' + where);",
  'const server = createServer(listener).listen(/^\\d+$/.test(where) ? { port: Number(where) } : { path: where });',
  'const stop = () => { server.close(() => process.exit(0)); server.closeIdleConnections(); setTimeout(() => process.exit(0), Number(grace)).unref(); };',
  "process.once('SIGTERM', stop);",
  "process.once('SIGINT', stop);",
].join('\n');

/** The argv that runs `app` listening on `where` (a port number or an absolute unix path). */
export function appRunnerCommand(app: string, where: string, gracefulTimeoutMs: number): string[] {
  return ['node', '--input-type=module', '-e', SCRIPT, app, where, String(gracefulTimeoutMs)];
}
