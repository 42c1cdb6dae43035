import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogRegistry } from '../../src/logs/log-registry.js';
import { TestScope } from './helpers.js';

const scope = new TestScope();
afterEach(() => scope.cleanUp());

describe('LogRegistry', () => {
  it('shares one file per path and closes it on the last release', async () => {
    const dir = scope.tempDir();
    const registry = new LogRegistry();
    scope.adopt({ close: () => registry.closeAll() });
    const first = registry.acquire(join(dir, 'app.log'), { maxBytes: 0, backups: 0 });
    const second = registry.acquire(join(dir, '.', 'app.log'), { maxBytes: 0, backups: 0 });
    expect(second).toBe(first);

    first.write(Buffer.from('one\n'));
    await registry.release(first);
    expect(second.write(Buffer.from('two\n'))).toBe(true);
    await registry.release(second);
    expect(registry.paths).toEqual([]);
    second.write(Buffer.from('late\n'));
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toBe('one\ntwo\n');
    expect(second.stats.bytesDropped).toBe(5);
  });

  it('reopens every file with one call (USR1)', async () => {
    const dir = scope.tempDir();
    const registry = new LogRegistry();
    scope.adopt({ close: () => registry.closeAll() });
    const paths = ['a.log', 'b.log'].map((name) => join(dir, name));
    const files = paths.map((path) => registry.acquire(path, { maxBytes: 0, backups: 0 }));
    for (const file of files) file.write(Buffer.from('before\n'));
    await Promise.all(files.map((file) => file.flush()));
    for (const path of paths) renameSync(path, `${path}.old`);

    await registry.reopenAll();
    for (const path of paths) expect(existsSync(path)).toBe(true);
    for (const file of files) file.write(Buffer.from('after\n'));
    await registry.closeAll();
    for (const path of paths) {
      expect(readFileSync(`${path}.old`, 'utf8')).toBe('before\n');
      expect(readFileSync(path, 'utf8')).toBe('after\n');
    }
  });

  it('passes its options and error callback to the files', async () => {
    const errors: Error[] = [];
    const registry = new LogRegistry({ mode: 0o644, onError: (error) => errors.push(error) });
    const file = registry.acquire('/dev/full', { maxBytes: 0, backups: 0 });
    file.write(Buffer.from('x\n'));
    await registry.closeAll();
    expect(errors.map((error) => error.name)).toEqual(['LogFileError']);
  });
});
