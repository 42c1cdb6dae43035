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

/**
 * `clients` concurrent HTTP clients, each sending one request after another
 * until stop() (a stand-in for autocannon with real sockets). Every failure is
 * counted and its reason kept. By default each client keeps its own keep-alive
 * connection; `keepAlive: false` opens a new connection per request, as a
 * client of a server without keep-alive (gunicorn's sync workers) does.
 */
export function startLoad(port: number, clients: number, { keepAlive = true } = {}): { stop: () => Promise<LoadResult>; result: LoadResult } {
  const result: LoadResult = { ok: 0, failed: 0, non2xx: 0, errors: [], lastAnswers: Array.from({ length: clients }, () => ''), failedAfter: [] };
  let running = true;
  const loops: Promise<void>[] = [];
  const agents: Agent[] = [];
  for (let i = 0; i < clients; i++) {
    const agent = keepAlive ? new Agent({ keepAlive: true, maxSockets: 1 }) : false;
    if (agent) agents.push(agent);
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
