import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countBackups, shiftBackups } from '../../src/logs/backup-files.js';
import { TestScope } from './helpers.js';

const scope = new TestScope();
afterEach(() => scope.cleanUp());

describe('shiftBackups', () => {
  it('shifts file → .1 → .2 and drops the oldest', async () => {
    const path = join(scope.tempDir(), 'app.log');
    for (const [name, content] of [
      [path, 'new'],
      [`${path}.1`, 'mid'],
      [`${path}.2`, 'old'],
    ])
      writeFileSync(name!, content!);
    expect(await countBackups(path, 2)).toBe(2);
    expect(await shiftBackups(path, 2, 2)).toBe(2);
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('new');
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('mid');
    expect(existsSync(`${path}.3`)).toBe(false);
  });

  it('counts the highest backup present even with gaps, and skips missing slots', async () => {
    const path = join(scope.tempDir(), 'app.log');
    writeFileSync(path, 'new');
    writeFileSync(`${path}.3`, 'old');
    expect(await countBackups(path, 5)).toBe(3);
    expect(await shiftBackups(path, 5, 3)).toBe(4);
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('new');
    expect(readFileSync(`${path}.4`, 'utf8')).toBe('old');
  });

  it('does nothing harmful when the live file was moved away', async () => {
    const path = join(scope.tempDir(), 'app.log');
    expect(await shiftBackups(path, 3, 0)).toBe(1);
    expect(existsSync(`${path}.1`)).toBe(false);
  });
});
