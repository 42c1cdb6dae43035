import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent, EventSubscription } from '../../src/api/supervisor-api.js';
import { SocketApi } from '../../src/client/socket-client.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { listProcesses, waitAllRunning } from './fault-helpers.js';
import { formatCount, recordRow, size } from './profile.js';

/**
 * SIGKILL to a random RUNNING child every 100 ms. Programs have a short
 * startsecs and only RUNNING children are killed, so every kill is a crash
 * of a started process: drover restarts it at once (no backoff, no failed
 * start counted towards startretries) and its restart count goes up by one.
 * A child killed while STARTING would be a failed start instead (BACKOFF,
 * then FATAL after startretries): that is the rule for crash loops, not what
 * this storm tests.
 */

const PROGRAMS = size(8, 20);
const STORM_MS = size(5_000, 60_000);
const KILL_EVERY_MS = 100;

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

function config(programs: number): string {
  const lines = ['programs:'];
  for (let i = 0; i < programs; i++) {
    lines.push(`  p${i}:`, `    command: sleep ${100_000 + i}`, '    startsecs: 200ms', '    stopwaitsecs: 2s');
  }
  return `${lines.join('\n')}\n`;
}

describe('a kill storm', () => {
  it(
    'restarts every child killed with SIGKILL and counts exactly one restart per kill',
    async () => {
      h.writeConfig(config(PROGRAMS));
      const started = await h.startDaemon();
      expect(started.code, started.stderr).toBe(0);
      const daemon = started.pid!;
      await waitAllRunning(h.socket, PROGRAMS);
      await h.rememberPrograms();
      const changes: Extract<EngineEvent, { kind: 'state' }>[] = [];
      events = await new SocketApi(h.socket).events({}, (event) => {
        if (event.kind === 'state') changes.push(event);
      });

      const kills = new Map<string, number>();
      // A killed pid stays RUNNING in the API until drover has reaped it; never count it twice.
      const killed = new Set<number>();
      const end = Date.now() + STORM_MS;
      let nextKillAt = Date.now();
      while (Date.now() < end) {
        const running = (await listProcesses(h.socket)).filter((p) => p.state === 'RUNNING' && p.pid !== null && !killed.has(p.pid));
        const victim = running[Math.floor(Math.random() * running.length)];
        if (victim) {
          killed.add(victim.pid!);
          process.kill(victim.pid!, 'SIGKILL');
          kills.set(victim.name, (kills.get(victim.name) ?? 0) + 1);
        }
        nextKillAt += KILL_EVERY_MS;
        await new Promise((r) => setTimeout(r, Math.max(0, nextKillAt - Date.now())));
      }
      const total = [...kills.values()].reduce((a, b) => a + b, 0);

      const after = await waitFor(
        `all ${PROGRAMS} RUNNING again on new pids with their restarts counted`,
        async () => {
          const list = await listProcesses(h.socket);
          const settled = list.length === PROGRAMS && list.every((p) => p.state === 'RUNNING' && p.pid !== null && !killed.has(p.pid));
          return settled && list.every((p) => p.restarts >= (kills.get(p.name) ?? 0)) ? list : null;
        },
        30_000,
        50,
      );
      await h.rememberPrograms();
      for (const p of after) expect({ name: p.name, restarts: p.restarts }).toEqual({ name: p.name, restarts: kills.get(p.name) ?? 0 });
      for (const pid of killed) expect(isAlive(pid)).toBe(false);
      // The event stream tells the same story: each kill is one RUNNING → EXITED → STARTING (a crash, restarted at
      // once, through EXITED as in supervisord), never a failed start.
      const count = (name: string, from: string, to: string) => changes.filter((e) => e.process.name === name && e.from === from && e.process.state === to).length;
      for (const p of after) {
        const killCount = kills.get(p.name) ?? 0;
        expect({ name: p.name, exited: count(p.name, 'RUNNING', 'EXITED'), restartedAtOnce: count(p.name, 'EXITED', 'STARTING') }).toEqual({
          name: p.name,
          exited: killCount,
          restartedAtOnce: killCount,
        });
      }
      expect(changes.filter((e) => e.process.state === 'BACKOFF' || e.process.state === 'FATAL')).toEqual([]);
      expect(isAlive(daemon)).toBe(true);
      expect(total).toBeGreaterThan(0);

      recordRow({
        id: 'faults-kill-storm',
        scenario: `SIGKILL to a random RUNNING child every ${KILL_EVERY_MS} ms for ${STORM_MS / 1000} s (${PROGRAMS} programs)`,
        injected: `${formatCount(total)} kills`,
        outcome: `all ${PROGRAMS} RUNNING again; restarts counted = kills (${formatCount(total)})`,
        lost: '—',
        crashes: '0',
      });
    },
    size(60_000, 5 * 60_000),
  );
});
