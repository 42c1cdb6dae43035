/**
 * The limit loaded as drover prefork is: independent Node processes (bench/fixtures/fd-server.mjs),
 * each with its own SO_REUSEPORT listening socket on ONE port as fd 3, behind one URL. The "limit"
 * server puts each process on its own port and gives every wrk thread one of them, so each thread
 * talks to one server; here every load thread reaches all of them, as it reaches drover's workers,
 * and the kernel spreads the connections. bench/fixtures/reuseport-exec.py makes each socket and
 * execs the server (Node 20 cannot set SO_REUSEPORT), so each process keeps its pid and its cleanup mark.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SupervisorInstance } from './instance.mjs';
import { serveInstances } from './server-group.mjs';
import { FIXTURES, verifyHello } from './web-servers.mjs';

// Debian's python, not a pyenv shim on PATH: the shim is a shell script in front of it.
export const PYTHON = '/usr/bin/python3';
const REUSEPORT_EXEC = join(FIXTURES, 'reuseport-exec.py');
const FD_SERVER = join(FIXTURES, 'fd-server.mjs');
const HOST = '127.0.0.1';

/** Why the server cannot run here, or null. */
export const reuseportPairSkip = () => (existsSync(PYTHON) ? null : `${PYTHON} is missing (it makes the SO_REUSEPORT sockets)`);

/**
 * `count` fd-server.mjs processes on one port, each with its own SO_REUSEPORT socket.
 * @param {{ port: number, count: number, label: string }} server
 * @returns {Promise<import('./web-servers.mjs').ServerHandle>}
 */
export async function startReuseportPair({ port, count, label }) {
  const insts = Array.from({ length: count }, (_, i) =>
    new SupervisorInstance({
      label: `${label}-${i + 1}`,
      command: PYTHON,
      args: [REUSEPORT_EXEC, HOST, String(port), process.execPath, FD_SERVER],
      cwd: FIXTURES,
      parseLine: (line) => (/^listening on fd 3/.test(line) ? { name: `${label}-${i + 1}`, state: 'RUNNING' } : null),
      requestShutdown: async (self) => process.kill(self.pid, 'SIGTERM'),
    }).start(),
  );
  return serveInstances(insts, label, [`http://${HOST}:${port}/`], verifyHello);
}
