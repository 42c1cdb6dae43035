import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ARM_DELAY_MS } from '../../src/engine/armed-respawn.js';
import { SpawnerClient } from '../../src/engine/spawner-client.js';
import { EngineHarness, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A RUNNING process that its program restarts at once is armed in
 * drover-spawner: the crash is answered by the helper, with no spawn
 * request from the supervisor, and every intentional action disarms first.
 * Counts are taken at the SpawnerClient: requests asked, and respawns the
 * helper reported.
 */

let h: EngineHarness;
let requests: number;
let respawns: number;
let arms: number;
/** performance.now() of each arm. */
let armedAt: number[];
beforeEach(() => {
  armedAt = [];
  h = new EngineHarness();
  requests = 0;
  respawns = 0;
  arms = 0;
  const proto = SpawnerClient.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const spawn = proto.spawn!;
  vi.spyOn(proto, 'spawn').mockImplementation(function (this: unknown, ...args: unknown[]) {
    requests++;
    return spawn.apply(this, args);
  });
  const arm = proto.arm!;
  vi.spyOn(proto, 'arm').mockImplementation(function (this: unknown, ...args: unknown[]) {
    arms++;
    armedAt.push(performance.now());
    return arm.apply(this, args);
  });
  // Private: the helper's exit message, with the respawn it carries when it started one.
  const onRespawn = proto.onRespawn!;
  vi.spyOn(proto, 'onRespawn').mockImplementation(function (this: unknown, ...args: unknown[]) {
    if (args[1] !== undefined) respawns++;
    return onRespawn.apply(this, args);
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.cleanup();
});

/** The pids of live (not zombie) processes whose command line has `marker`. */
function running(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) continue;
      if (/^State:\s*Z/m.test(readFileSync(`/proc/${entry}/status`, 'utf8'))) continue;
      pids.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return pids;
}

/** A sleep whose command line no other test has. */
const sleeper = () => ['sleep', `${1000 + Math.random()}`.slice(0, 12)];

it('restarts a crashed RUNNING process with no spawn request from the supervisor', async () => {
  const s = await h.start([makeProgram('crasher', sleeper(), { autorestart: true })]);
  const first = await waitFor('RUNNING', () => (s.list()[0]!.state === 'RUNNING' ? s.list()[0]!.pid : null));
  await waitFor('its respawn armed', () => arms === 1);
  const asked = requests;
  process.kill(first, 'SIGKILL');
  const second = await waitFor('the new pid RUNNING', () => {
    const [status] = s.list();
    return status!.state === 'RUNNING' && status!.pid !== first && status!.pid;
  });
  expect(requests).toBe(asked);
  expect(respawns).toBe(1);
  expect(s.list()[0]!.restarts).toBe(1);
  const changes = h.events.flatMap((e) => (e.kind === 'state' && e.process.state !== 'STOPPED' ? [`${e.from}->${e.process.state}:${e.process.pid ?? e.pid}`] : []));
  expect(changes.slice(-3)).toEqual([`RUNNING->EXITED:${first}`, `EXITED->STARTING:${second}`, `STARTING->RUNNING:${second}`]);
});

it('arms the replacement a while after its RUNNING, not on the turn that printed it', async () => {
  const s = await h.start([makeProgram('rearmed', sleeper(), { autorestart: true })]);
  const first = await waitFor('RUNNING', () => (s.list()[0]!.state === 'RUNNING' ? s.list()[0]!.pid : null));
  await waitFor('its respawn armed', () => arms === 1);
  let runningAt = 0;
  s.subscribe((event) => {
    if (event.kind === 'state' && event.process.state === 'RUNNING') runningAt = performance.now();
  });
  process.kill(first, 'SIGKILL');
  await waitFor('the replacement armed', () => arms === 2);
  expect(respawns).toBe(1);
  // Half the delay: a timer counts from the loop's clock, read when the turn that printed RUNNING began.
  expect(armedAt[1]! - runningAt).toBeGreaterThanOrEqual(ARM_DELAY_MS / 2);
});

it('disarms before a stop: the stop signal’s death is never respawned', async () => {
  const command = sleeper();
  const s = await h.start([makeProgram('stopped', command, { autorestart: true })]);
  await waitFor('RUNNING', () => s.list()[0]!.state === 'RUNNING');
  const [result] = await s.stopProcesses(['stopped']);
  expect(result).toMatchObject({ ok: true, state: 'STOPPED' });
  expect(respawns).toBe(0);
  expect(running(command[1]!)).toEqual([]);
});

it('leaves nothing running when the process dies on its own just as a stop is asked (50 times)', async () => {
  const command = sleeper();
  const s = await h.start([makeProgram('racer', command, { autorestart: true })]);
  for (let round = 0; round < 50; round++) {
    const pid = await waitFor(`RUNNING, round ${round}`, () => (s.list()[0]!.state === 'RUNNING' ? s.list()[0]!.pid : null));
    process.kill(pid, 'SIGKILL');
    const [result] = await s.stopProcesses(['racer']);
    expect(result, `round ${round}`).toMatchObject({ ok: true, state: 'STOPPED' });
    await waitFor(`nothing of round ${round} left running`, () => running(command[1]!).length === 0);
    await s.startProcesses(['racer']);
  }
});

it('does not respawn an exit whose code is in exitcodes (autorestart: unexpected)', async () => {
  const s = await h.start([makeProgram('done', ['sh', '-c', 'sleep 0.3; exit 3'], { autorestart: 'unexpected', exitcodes: [0, 3] })]);
  await waitFor('EXITED', () => s.list()[0]!.state === 'EXITED');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(respawns).toBe(0);
  expect(s.list()[0]).toMatchObject({ state: 'EXITED', pid: null });
});

it('disarms when an update changes what a spawn would be, and the restart uses the new config', async () => {
  const command = sleeper();
  const s = await h.start([makeProgram('moved', command, { autorestart: true })]);
  const first = await waitFor('RUNNING', () => (s.list()[0]!.state === 'RUNNING' ? s.list()[0]!.pid : null));
  await waitFor('its respawn armed', () => arms === 1);
  // The program is unchanged, so its process stays; its working directory (the config's folder) is not.
  const elsewhere = mkdtempSync(path.join(h.dir, 'elsewhere-'));
  const next = h.config([makeProgram('moved', command, { autorestart: true })]);
  await s.update({ ...next, dir: elsewhere });
  const asked = requests;
  process.kill(first, 'SIGKILL');
  const second = await waitFor('the new pid RUNNING', () => {
    const [status] = s.list();
    return status!.state === 'RUNNING' && status!.pid !== first ? status!.pid : null;
  });
  expect(respawns).toBe(0);
  expect(requests).toBe(asked + 1);
  expect(readlinkSync(`/proc/${second}/cwd`)).toBe(elsewhere);
});
