import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine-harness.js';
import { killWorkerUnderLoad, LOAD_CLIENTS, LOAD_WORKERS, reloadUnderLoad, startLoadedApp, type KillRound } from '../helpers/prefork-load.js';
import { formatCount, recordRow, size } from './profile.js';

/**
 * The prefork issue's two load tests (test/engine/prefork-load.test.ts),
 * repeated: one supervisor and one set of keep-alive clients go through
 * ROUNDS rolling reloads, then another through ROUNDS SIGKILLs of a worker.
 */

const ROUNDS = size(2, 20);
const TIMEOUT = size(30_000, 15 * 60_000);

let h: EngineHarness | null = null;
let stopLoad: (() => Promise<unknown>) | null = null;
afterEach(async () => {
  await stopLoad?.();
  stopLoad = null;
  await h?.cleanup();
  h = null;
});

describe(`nothing lost: prefork requests (${LOAD_WORKERS} workers, ${LOAD_CLIENTS} keep-alive clients)`, () => {
  it(
    `${ROUNDS} rolling reloads under load fail no request`,
    async () => {
      h = new EngineHarness();
      const app = await startLoadedApp(h);
      stopLoad = app.load.stop;
      for (let round = 0; round < ROUNDS; round++) await reloadUnderLoad(app);
      const final = await app.load.stop();
      stopLoad = null;
      expect(final.failed, final.errors.join('\n')).toBe(0);
      expect(final.non2xx).toBe(0);
      const total = final.ok + final.failed + final.non2xx;
      recordRow({
        id: 'lost-prefork-reload',
        scenario: `rolling reload of a prefork program (${LOAD_WORKERS} workers) under ${LOAD_CLIENTS} keep-alive clients, repeated on one supervisor`,
        injected: `${ROUNDS} reloads under load`,
        outcome: `all ${ROUNDS * LOAD_WORKERS} workers replaced, every answer 2xx`,
        lost: `0 of ${formatCount(total)} requests`,
        crashes: '0',
      });
    },
    TIMEOUT,
  );

  it(
    `${ROUNDS} SIGKILLs of a worker under load fail only requests on the killed worker's connections`,
    async () => {
      h = new EngineHarness();
      const app = await startLoadedApp(h);
      stopLoad = app.load.stop;
      const rounds: KillRound[] = [];
      for (let round = 0; round < ROUNDS; round++) rounds.push(await killWorkerUnderLoad(app));
      const final = await app.load.stop();
      stopLoad = null;
      expect(final.non2xx).toBe(0);
      // A killed worker can only take the requests on its own connections (one in flight per client).
      for (const round of rounds) expect(round.failed, JSON.stringify(round)).toBeLessThanOrEqual(round.clientsOnVictim);
      const victims = new Set(rounds.map((round) => `hello from ${round.victim}\n`));
      expect(
        final.failedAfter.filter((answer) => !victims.has(answer)),
        final.errors.join('\n'),
      ).toEqual([]);
      const total = final.ok + final.failed + final.non2xx;
      const onVictims = rounds.reduce((sum, round) => sum + round.clientsOnVictim, 0);
      recordRow({
        id: 'lost-prefork-kill',
        scenario: `SIGKILL to the busiest prefork worker (${LOAD_WORKERS} workers) under ${LOAD_CLIENTS} keep-alive clients, repeated on one supervisor`,
        injected: `${ROUNDS} SIGKILLs under load`,
        outcome: `each killed worker replaced, load flowing again; ${formatCount(onVictims)} client connections were on the killed workers`,
        lost: `${formatCount(final.failed)} of ${formatCount(total)} requests, all on the killed workers' own connections`,
        crashes: '0',
      });
    },
    TIMEOUT,
  );
});
