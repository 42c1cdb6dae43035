import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent, EventSubscription } from '../../src/api/supervisor-api.js';
import { SocketApi } from '../../src/client/socket-client.js';
import { backoffDelayMs } from '../../src/engine/restart-policy.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive } from '../helpers/wait-for.js';
import { CLOCK_TICKS_PER_SECOND, cpuTicks, listProcesses } from './fault-helpers.js';
import { formatCount, recordRow, size } from './profile.js';

/**
 * A program whose command does not exist, retried forever. Each attempt fails
 * before anything is spawned, so all the supervisor does is wait out the
 * backoff (1 s after the first failure, 2 s after the second, …): the
 * attempts must follow backoffDelayMs and the supervisor must sit idle between
 * them, not spin.
 */

const WINDOW_MS = size(5_000, 60_000);
/** Timers never fire early by more than rounding; a loaded machine may fire them this much late. */
const EARLY_MS = 20;
const LATE_MS = 1_500;

let h: DaemonHarness;
let events: EventSubscription | null = null;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  events?.close();
  events = null;
  await h.cleanup();
});

/** Attempts backoffDelayMs allows from the first one (at 0) to the end of the window, that first one included. */
function attemptsAllowed(windowMs: number): number {
  let at = 0;
  let attempts = 1;
  for (;;) {
    at += backoffDelayMs(attempts);
    if (at > windowMs) return attempts;
    attempts++;
  }
}

describe('a program whose command is missing, with startretries: infinite', () => {
  it(
    'backs off 1 s, 2 s, 3 s, … between attempts, never gives up, and costs the supervisor almost no CPU',
    async () => {
      h.writeConfig('programs:\n  ghost:\n    command: drover-no-such-command --flag\n    startretries: infinite\n    autostart: false\n');
      const started = await h.startDaemon();
      expect(started.code, started.stderr).toBe(0);
      const daemon = started.pid!;

      const seen: Extract<EngineEvent, { kind: 'state' }>[] = [];
      events = await new SocketApi(h.socket).events({}, (event) => {
        if (event.kind === 'state') seen.push(event);
      });
      const windowStart = Date.now();
      // With infinite retries a start settles at the first BACKOFF: the answer comes back.
      const start = await new SocketApi(h.socket).start(['ghost']);
      expect(start[0]!.state).toBe('BACKOFF');
      expect(start[0]!.message).toMatch(/drover-no-such-command/);
      // CPU from here on: the supervisor only waits out backoffs (answering the start request is not that).
      const cpuBefore = cpuTicks(daemon);
      const cpuStart = Date.now();
      await new Promise((r) => setTimeout(r, windowStart + WINDOW_MS - Date.now()));
      const cpuAfter = cpuTicks(daemon);
      const elapsedMs = Date.now() - cpuStart;
      const status = (await listProcesses(h.socket))[0]!;

      const attempts = seen.filter((e) => e.process.state === 'STARTING').map((e) => e.at);
      const backoffs = seen.filter((e) => e.process.state === 'BACKOFF').map((e) => e.process.description);
      expect(seen.filter((e) => e.process.state === 'FATAL')).toEqual([]);
      expect(['BACKOFF', 'STARTING']).toContain(status.state);
      expect(isAlive(daemon)).toBe(true);

      // Attempt k+1 comes backoffDelayMs(k) after attempt k, and each BACKOFF says so.
      const allowed = attemptsAllowed(WINDOW_MS);
      expect(attempts.length).toBeLessThanOrEqual(allowed);
      expect(attempts.length).toBeGreaterThanOrEqual(allowed - 1);
      for (let k = 1; k < attempts.length; k++) {
        const gap = attempts[k]! - attempts[k - 1]!;
        expect(gap, `gap after failed start ${k}`).toBeGreaterThanOrEqual(backoffDelayMs(k) - EARLY_MS);
        expect(gap, `gap after failed start ${k}`).toBeLessThanOrEqual(backoffDelayMs(k) + LATE_MS);
      }
      backoffs.forEach((description, i) => expect(description).toMatch(new RegExp(`retrying in ${backoffDelayMs(i + 1) / 1000}s$`)));

      const cpuPercent = ((cpuAfter - cpuBefore) / CLOCK_TICKS_PER_SECOND / (elapsedMs / 1000)) * 100;
      expect(cpuPercent, `supervisor CPU over ${elapsedMs} ms`).toBeLessThan(1);

      const lastBackoff = backoffDelayMs(attempts.length - 1) / 1000;
      recordRow({
        id: 'faults-missing-command',
        scenario: `A program whose command does not exist, startretries: infinite, watched for ${WINDOW_MS / 1000} s`,
        injected: `${formatCount(attempts.length)} spawn attempts`,
        outcome: `never FATAL; backoff 1 s → ${lastBackoff} s; supervisor CPU ${cpuPercent.toFixed(2)} % over ${Math.round(elapsedMs / 1000)} s`,
        lost: '—',
        crashes: '0',
      });
    },
    size(30_000, 3 * 60_000),
  );
});
