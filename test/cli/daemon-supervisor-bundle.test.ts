import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const loader = fileURLToPath(new URL('../../dist/cli/supervisor.cjs', import.meta.url));
const bundle = fileURLToPath(new URL('../../dist/cli/supervisor-bundle.cjs', import.meta.url));
const cache = `${bundle}.cache`;
const stampOf = (data: Buffer) => data.toString('latin1', 0, data.indexOf(10));
const expectedStamp = () => {
  const made = statSync(bundle);
  return `drover-supervisor-cache 1 ${process.version} ${process.arch} ${made.size} ${made.mtimeMs}`;
};
/** The loader writes a missing or stale cache 3 s after the start (supervisor-loader.cjs). */
const CACHE_WRITTEN_WITHIN_MS = 15_000;

/** `drover --daemon` with one program; resolves once it is RUNNING, with the supervisor's pid. */
async function startOne(): Promise<number> {
  h.writeConfig('programs:\n  worker:\n    command: sleep 1000\n    startsecs: 0\n');
  const started = await h.startDaemon();
  expect(started.code, started.stderr.slice(-2000)).toBe(0);
  await waitFor('worker RUNNING', async () => (await h.rememberPrograms())['worker:worker'] != null);
  return started.pid!;
}

async function stop(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  await waitFor(`supervisor ${pid} gone`, () => !isAlive(pid), 15_000);
}

describe('the detached supervisor runs bundled, with a code cache', () => {
  it('runs dist/cli/supervisor.cjs, writes the cache 0600 for this bundle and Node, and a later start uses it as it is', async () => {
    rmSync(cache, { force: true });
    const pid = await startOne();
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain(loader);
    await waitFor('the supervisor code cache', () => statSync(cache, { throwIfNoEntry: false }) !== undefined, CACHE_WRITTEN_WITHIN_MS);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(stampOf(readFileSync(cache))).toBe(expectedStamp());
    expect(readFileSync(cache).length).toBeGreaterThan(10_000);
    await stop(pid);

    // A cache V8 accepts is not written again: the same file after the time a stale one would have been replaced.
    const written = statSync(cache);
    const again = await startOne();
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // past the loader's 3 s, to see that nothing was written
    expect(isAlive(again)).toBe(true);
    expect(statSync(cache)).toMatchObject({ ino: written.ino, mtimeMs: written.mtimeMs });
  });

  it('ignores a garbage cache and one of another bundle or Node: the supervisor starts as without one, and writes the cache afresh', async () => {
    await startOne().then(stop); // a valid stamp to forge a garbage cache under
    const stamp = expectedStamp();
    for (const bad of [Buffer.from(`${stamp}\nnot compiled code at all`), Buffer.from('drover-supervisor-cache 1 v0.0.0 x64 1 1\nnot ours either')]) {
      writeFileSync(cache, bad, { mode: 0o600 });
      const pid = await startOne();
      await waitFor('the cache written afresh', () => readFileSync(cache).length > 10_000, CACHE_WRITTEN_WITHIN_MS);
      expect(stampOf(readFileSync(cache))).toBe(stamp);
      await stop(pid);
    }
  });
});
