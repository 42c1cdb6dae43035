import { execFile } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { watchRoots } from '../../src/watch/file-watcher.js';
import { waitFor } from '../helpers/wait-for.js';
import { put, settle, WatchFixture } from './watch-fixture.js';

const fixture = new WatchFixture();

/** Rewrites every file in the folders of `dir` from a child process, as fast as it can. */
async function touchAllFrom(dir: string): Promise<void> {
  const script = `
    const { readdirSync, writeFileSync } = require('node:fs');
    const { join } = require('node:path');
    const dir = process.argv[1];
    for (const folder of readdirSync(dir)) for (const name of readdirSync(join(dir, folder))) writeFileSync(join(dir, folder, name), 'v2\\n');
  `;
  await promisify(execFile)(process.execPath, ['-e', script, dir]);
}

afterEach(() => fixture.cleanup());

describe('FileWatcher: one call per burst', () => {
  it('calls once for a file written three times in quick succession', async () => {
    const dir = fixture.dir();
    const file = put(join(dir, 'app.py'));
    const { calls } = await fixture.start({ paths: [dir] });
    for (let i = 0; i < 3; i++) writeFileSync(file, `version ${i}\n`);
    await waitFor('the first call', () => calls.length >= 1);
    await settle();
    expect(calls).toEqual([[file]]);
  });

  it('calls once for 10,000 files touched across 100 folders', { timeout: 180_000 }, async () => {
    const dir = fixture.dir();
    const files: string[] = [];
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(dir, `pkg${d}`));
      for (let f = 0; f < 100; f++) files.push(put(join(dir, `pkg${d}`, `mod${f}.py`), 'v1\n'));
    }
    // A little longer than the other tests' quiet time: the writer is another
    // process, and on a loaded 2-core machine it can be descheduled mid-burst for
    // longer than 150 ms, which would rightly end the burst.
    const debounceMs = 300;
    const { calls } = await fixture.start({ paths: [dir], debounceMs });
    // Another process writes them, as `git checkout` would: writing from this one
    // would queue chokidar's stat calls behind 10,000 writes in our own thread pool.
    await touchAllFrom(dir);
    await waitFor('the call for the burst', () => calls.length >= 1, 60_000);
    await settle(2 * debounceMs);
    expect(calls).toHaveLength(1);
    // Under such a storm the kernel may drop events (inotify queue overflow);
    // what matters is one call, naming only files that did change.
    const batch = calls[0]!;
    const known = new Set(files);
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.every((path) => known.has(path))).toBe(true);
    expect(new Set(batch).size).toBe(batch.length);
    expect(batch).toEqual([...batch].sort());
  });
});

describe('FileWatcher: ignored paths', () => {
  it('does not react to node_modules, .git, logs, user ignore globs or alwaysIgnore, and stays live', async () => {
    const dir = fixture.dir();
    // Existing files under each rule, and new files that the same rule covers.
    const existing = [
      join(dir, 'node_modules', 'left-pad', 'index.js'),
      join(dir, 'lib', 'node_modules', 'x', 'deep.js'),
      join(dir, '.git', 'HEAD'),
      join(dir, 'lib', '__pycache__', 'm.cpython-312.pyc'),
      join(dir, 'app.log'),
      join(dir, 'build', 'out.js'),
      join(dir, 'lib', 'cache.tmp'),
      join(dir, 'run', 'drover.state'),
    ];
    const created = [
      join(dir, 'node_modules', 'new-pkg', 'index.js'),
      join(dir, '.git', 'objects', 'ab', 'cdef'),
      join(dir, 'lib', '__pycache__', 'n.cpython-312.pyc'),
      join(dir, 'lib', 'worker.log'),
      join(dir, 'lib', 'app.py.swp'),
      join(dir, 'lib', 'app.py~'),
      join(dir, 'build', 'sub', 'more.js'),
      join(dir, 'lib', 'deep', 'other.tmp'),
      join(dir, 'run', 'logs', 'web.out'),
    ];
    for (const path of existing) put(path, 'before\n');
    const watched = put(join(dir, 'lib', 'app.py'));
    const { calls } = await fixture.start({
      paths: [dir],
      ignore: [join(dir, 'build'), join(dir, '**', '*.tmp')],
      alwaysIgnore: [join(dir, 'run')],
    });
    for (const path of [...existing, ...created]) put(path, 'after\n');
    await settle();
    expect(calls).toEqual([]);

    put(watched, 'changed\n');
    await waitFor('the call for the watched file', () => calls.length >= 1);
    await settle();
    expect(calls).toEqual([[watched]]);
  });
});

describe('FileWatcher: globs and paths that do not exist yet', () => {
  it('reacts to src/**/*.py and not to other files in that tree', async () => {
    const dir = fixture.dir();
    mkdirSync(join(dir, 'src', 'a', 'b'), { recursive: true });
    const { calls } = await fixture.start({ paths: [join(dir, 'src', '**', '*.py')] });
    put(join(dir, 'src', 'a', 'b', 'c.txt'));
    put(join(dir, 'other.py'));
    await settle();
    expect(calls).toEqual([]);

    const py = put(join(dir, 'src', 'a', 'b', 'c.py'));
    await waitFor('the call for c.py', () => calls.length >= 1);
    await settle();
    expect(calls).toEqual([[py]]);
  });

  it('reacts once the folder of a watched glob is created', async () => {
    const dir = fixture.dir();
    const { calls } = await fixture.start({ paths: [join(dir, 'later', 'src', '**', '*.py')] });
    const py = put(join(dir, 'later', 'src', 'x', 'm.py'));
    await waitFor('the call for m.py', () => calls.length >= 1);
    await settle();
    expect(calls).toEqual([[py]]);
  });

  it('reacts once a watched file and its folder are created', async () => {
    const dir = fixture.dir();
    const config = join(dir, 'etc', 'drover', 'programs.yaml');
    const { calls } = await fixture.start({ paths: [config] });
    put(join(dir, 'etc', 'drover', 'other.yaml')); // a sibling: not asked for
    put(config);
    await waitFor('the call for programs.yaml', () => calls.length >= 1);
    await settle();
    expect(calls).toEqual([[config]]);
  });
});

describe('FileWatcher: watched folders that go away', () => {
  it('watches each base through the folder that holds it, or its nearest existing ancestor', () => {
    const dir = fixture.dir();
    mkdirSync(join(dir, 'app', 'src'), { recursive: true });
    expect(watchRoots([join(dir, 'app', 'src')])).toEqual([join(dir, 'app')]);
    expect(watchRoots([join(dir, 'app', 'conf', 'programs.yaml')])).toEqual([join(dir, 'app')]);
    expect(watchRoots([join(dir, 'later', 'deeper', 'src')])).toEqual([dir]);
    // Roots inside another root are dropped: the outer one covers them.
    expect(watchRoots([join(dir, 'app', 'src', 'x'), join(dir, 'app', 'src'), join(dir, 'other')])).toEqual([dir]);
    expect(watchRoots(['/'])).toEqual(['/']);
  });

  it('keeps reacting after the watched folder is deleted and created again', async () => {
    const dir = fixture.dir();
    const src = join(dir, 'src');
    put(join(src, 'old.py'));
    const { calls } = await fixture.start({ paths: [join(src, '**', '*.py')] });
    rmSync(src, { recursive: true });
    await waitFor('the call for the deletion', () => calls.length >= 1);
    await settle();
    expect(calls).toEqual([[join(src, 'old.py')]]);

    const fresh = put(join(src, 'new.py'));
    await waitFor('the call for the new file', () => calls.length >= 2);
    await settle();
    expect(calls).toEqual([[join(src, 'old.py')], [fresh]]);
  });
});

describe('FileWatcher: atomic saves', () => {
  it('counts write-temp-then-rename as one change, and keeps watching the new file', async () => {
    const dir = fixture.dir();
    const config = put(join(dir, 'programs.yaml'), 'programs: {}\n');
    const { calls } = await fixture.start({ paths: [config] });
    const save = (content: string) => {
      const tmp = join(dir, `.programs.yaml.${Math.random().toString(36).slice(2)}.tmp`);
      writeFileSync(tmp, content);
      renameSync(tmp, config);
    };

    save('programs: {web: {}}\n');
    await waitFor('the call for the first save', () => calls.length >= 1);
    await settle();
    expect(calls).toEqual([[config]]);

    // The rename replaced the inode: the watch must have followed it.
    save('programs: {web: {}, worker: {}}\n');
    await waitFor('the call for the second save', () => calls.length >= 2);
    await settle();
    expect(calls).toEqual([[config], [config]]);
  });
});
