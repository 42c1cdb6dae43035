import { Agent, request } from 'node:http';

export interface LoadResult {
  ok: number;
  failed: number;
  non2xx: number;
  errors: string[];
  /** Per client, the body of its last 2xx answer ('' before the first): which worker its connection is on. */
  lastAnswers: string[];
  /** For each failure (up to 1,000), the failing client's last answer: where its connection was. */
  failedAfter: string[];
}

export interface LoadOptions {
  /** false: a new connection for every request, as against gunicorn's sync workers, which close each one. Default true. */
  keepAlive?: boolean;
  /** A request with no answer after this long fails (default: no limit). */
  timeoutMs?: number;
}

/**
 * `clients` concurrent HTTP clients, each sending one request after another
 * on its own connection (keep-alive unless told otherwise) until stop(): a
 * stand-in for autocannon with real sockets. Every failure is counted and its
 * reason kept.
 */
export function startLoad(port: number, clients: number, options: LoadOptions = {}): { stop: () => Promise<LoadResult>; result: LoadResult } {
  const result: LoadResult = { ok: 0, failed: 0, non2xx: 0, errors: [], lastAnswers: Array.from({ length: clients }, () => ''), failedAfter: [] };
  let running = true;
  const loops: Promise<void>[] = [];
  const agents: Agent[] = [];
  for (let i = 0; i < clients; i++) {
    const agent = new Agent({ keepAlive: options.keepAlive ?? true, maxSockets: 1 });
    agents.push(agent);
    loops.push(
      (async () => {
        while (running) {
          await new Promise<void>((resolve) => {
            const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
              let body = '';
              res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
              res.on('end', () => {
                if (res.statusCode! >= 200 && res.statusCode! < 300) {
                  result.ok++;
                  result.lastAnswers[i] = body;
                } else result.non2xx++;
                resolve();
              });
            });
            if (options.timeoutMs !== undefined) req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
            req.on('error', (error) => {
              result.failed++;
              if (result.errors.length < 20) result.errors.push(error.message);
              if (result.failedAfter.length < 1_000) result.failedAfter.push(result.lastAnswers[i]!);
              resolve();
            });
            req.end();
          });
        }
      })(),
    );
  }
  return {
    result,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      for (const agent of agents) agent.destroy();
      return result;
    },
  };
}
