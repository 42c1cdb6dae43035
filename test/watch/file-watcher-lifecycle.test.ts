import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWatcher } from '../../src/watch/file-watcher.js';
import { waitFor } from '../helpers/wait-for.js';
import { DEBOUNCE_MS, put, settle, SETTLE_MS, WatchFixture } from './watch-fixture.js';

const fixture = new WatchFixture();
afterEach(() => fixture.cleanup());

/** inotify watches this process holds (the kernel lists one `inotify wd:` line per watch). */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try {
      n += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('inotify wd:')).length;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

/**
 * A watcher on `dir` whose first onChange is slow (a program restart, say) and
 * ends when the test calls finishFirst; later calls return at once.
 */
async function slowFirstCall(dir: string): Promise<{ calls: string[][]; finishFirst: () => void }> {
  const calls: string[][] = [];
  let finish = (): void => {};
  const watcher = fixture.adopt(
    new FileWatcher({
      paths: [dir],
      ignore: [],
      debounceMs: DEBOUNCE_MS,
      onChange: (changed) => {
        calls.push(changed);
        if (calls.length === 1) return new Promise<void>((resolve) => (finish = resolve));
      },
    }),
  );
  await watcher.ready();
  return { calls, finishFirst: () => finish() };
}

describe('FileWatcher: onChange still running', () => {
  it('collects changes made meanwhile into exactly one more call', async () => {
    const dir = fixture.dir();
    const [a, b, c] = ['a.py', 'b.py', 'c.py'].map((name) => put(join(dir, name)));
    const { calls, finishFirst } = await slowFirstCall(dir);

    put(a!);
    await waitFor('the first call to start', () => calls.length === 1);
    // Changes spaced wider than the debounce: without the queue rule, each would be a call.
    for (const path of [b!, c!, a!]) {
      put(path);
      await settle(2 * DEBOUNCE_MS);
    }
    expect(calls).toHaveLength(1);

    finishFirst();
    await waitFor('the second call', () => calls.length >= 2);
    await settle();
    expect(calls).toEqual([[a], [a, b, c]]);
  });

  it('makes one more call, and no empty one, when a change lands just before onChange returns', async () => {
    const dir = fixture.dir();
    const [a, b, c] = ['a.py', 'b.py', 'c.py'].map((name) => put(join(dir, name)));
    const { calls, finishFirst } = await slowFirstCall(dir);
    put(a!);
    await waitFor('the first call to start', () => calls.length === 1);
    put(b!);
    await settle(2 * DEBOUNCE_MS); // b has had its quiet time
    // c has not, but it rides along with b. A second watcher shows when c has
    // reached this process (they share chokidar's fs.watch of the folder).
    const probe = await fixture.start({ paths: [c!] });
    put(c!);
    await waitFor('c to reach the process', () => probe.calls.length >= 1);
    finishFirst();
    await waitFor('the second call', () => calls.length >= 2);
    await settle();
    expect(calls).toEqual([[a], [b, c]]);
  });

  it('reports an onChange that throws and keeps watching', async () => {
    const dir = fixture.dir();
    const file = put(join(dir, 'app.py'));
    const errors: Error[] = [];
    let calls = 0;
    const watcher = new FileWatcher({
      paths: [dir],
      ignore: [],
      debounceMs: DEBOUNCE_MS,
      onChange: () => {
        calls++;
        throw new Error(`bad batch ${calls}`);
      },
      onError: (error) => errors.push(error),
    });
    fixture.adopt(watcher);
    await watcher.ready();
    put(file);
    await waitFor('the first error', () => errors.length >= 1);
    put(file);
    await waitFor('the second error', () => errors.length >= 2);
    expect(errors.map((e) => e.message)).toEqual(['bad batch 1', 'bad batch 2']);
  });
});

describe('FileWatcher: close', () => {
  it('makes no call after close, even for a change already waiting for its quiet time', async () => {
    const dir = fixture.dir();
    const file = put(join(dir, 'app.py'));
    const slowDebounceMs = 1500;
    const { watcher, calls } = await fixture.start({ paths: [dir], debounceMs: slowDebounceMs });
    // A second, quick watcher of the same file shows when the change has reached
    // this process (both share chokidar's fs.watch of it): the slow one then holds
    // it in its quiet time, and close() must drop it.
    const probe = await fixture.start({ paths: [dir] });
    put(file);
    await waitFor('the change to reach the process', () => probe.calls.length >= 1);
    await watcher.close();
    put(file);
    await settle(slowDebounceMs + SETTLE_MS);
    expect(calls).toEqual([]);
    expect(probe.calls.length).toBeGreaterThanOrEqual(2); // the watching went on for the other one
  });

  it('can be closed twice, at once and later', async () => {
    const dir = fixture.dir();
    const { watcher } = await fixture.start({ paths: [dir] });
    await Promise.all([watcher.close(), watcher.close()]);
    await watcher.close();
    await expect(watcher.ready()).resolves.toBeUndefined();
  });

  it('releases its inotify watches, and never takes any inside node_modules', async () => {
    const dir = fixture.dir();
    put(join(dir, 'app.py'));
    for (let d = 0; d < 50; d++) for (let f = 0; f < 10; f++) put(join(dir, 'node_modules', `pkg${d}`, `f${f}.js`));
    const before = inotifyWatches();
    const { watcher } = await fixture.start({ paths: [dir] });
    // The folder and app.py; the 550 entries under node_modules cost nothing.
    expect(inotifyWatches() - before).toBeLessThan(10);
    await watcher.close();
    expect(inotifyWatches()).toBe(before);
  });
});
