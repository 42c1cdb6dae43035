import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ProbeCheck, ProbeConfig } from '../../src/config/types.js';
import { ProbeRunner, type ProbeMode, type ProbeRunnerOptions } from '../../src/health/probe-runner.js';

/** A probe config with short, test-sized timings; override what a test is about. */
export function probeConfig(check: ProbeCheck, overrides: Partial<Omit<ProbeConfig, 'check'>> = {}): ProbeConfig {
  return {
    check,
    source: { file: 'programs.yaml', line: 1, column: 1 },
    initialDelayMs: 0,
    periodMs: 50,
    timeoutMs: 2000,
    successThreshold: 1,
    failureThreshold: 3,
    ...overrides,
  };
}

export interface StatusCall {
  status: 'pass' | 'fail';
  lastError: string | null;
  failures: number;
}

/**
 * Tracks every runner, server and socket a test makes, so `cleanup()` in
 * afterEach can stop and close them all even when the test failed.
 */
export class ProbeFixtures {
  private readonly runners: ProbeRunner[] = [];
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();

  runner(config: ProbeConfig, mode: ProbeMode, extra: Partial<ProbeRunnerOptions> = {}): { runner: ProbeRunner; calls: StatusCall[] } {
    const calls: StatusCall[] = [];
    const runner = new ProbeRunner(config, {
      mode,
      onStatus: (status, detail) => calls.push({ status, ...detail }),
      ...extra,
    });
    this.runners.push(runner);
    return { runner, calls };
  }

  async httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; port: number }> {
    const server = createServer(handler);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}/health`, port };
  }

  cleanup(): void {
    for (const runner of this.runners.splice(0)) runner.stop();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const server of this.servers.splice(0)) server.close();
  }
}

/**
 * For asserting that something does NOT happen: there is nothing to poll for,
 * so the test waits a fixed number of probe periods.
 */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
