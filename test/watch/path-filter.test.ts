import type { Stats } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPathFilter, IGNORED_NAMES } from '../../src/watch/path-filter.js';

const file = { isFile: () => true } as Stats;
const folder = { isFile: () => false } as Stats;

describe('createPathFilter', () => {
  const filter = createPathFilter({
    paths: ['/app/src/**/*.py', '/app/conf/programs.yaml', '/app/lib'],
    ignore: ['/app/lib/**/generated', '/app/src/skip.py'],
    alwaysIgnore: ['/app/lib/drover-logs', '/app/lib/drover.pid'],
  });

  it('has one base per distinct glob base', () => {
    expect(filter.bases).toEqual(['/app/src', '/app/conf/programs.yaml', '/app/lib']);
  });

  it('wants what `paths` names and no rule ignores', () => {
    expect(filter.wanted('/app/src/a/b/c.py')).toBe(true);
    expect(filter.wanted('/app/src/a/b/c.txt')).toBe(false);
    expect(filter.wanted('/app/conf/programs.yaml')).toBe(true);
    expect(filter.wanted('/app/conf/other.yaml')).toBe(false);
    expect(filter.wanted('/app/lib/x/y.js')).toBe(true); // a plain folder covers everything under it
    expect(filter.wanted('/app/libx/y.js')).toBe(false);
  });

  it('ignores the always-ignored names at any depth, and logs and editor files', () => {
    for (const name of IGNORED_NAMES) expect(filter.wanted(`/app/lib/a/${name}/b/x.js`), name).toBe(false);
    expect(filter.wanted('/app/lib/a/out.log')).toBe(false);
    expect(filter.wanted('/app/lib/a/.x.js.swp')).toBe(false);
    expect(filter.wanted('/app/lib/a/x.js.swx')).toBe(false);
    expect(filter.wanted('/app/lib/a/x.js~')).toBe(false);
    expect(filter.ignored('/app/lib/node_modules', folder)).toBe(true);
    expect(filter.ignored('/app/lib/node_modules')).toBe(true); // pruned without a stat
  });

  it('ignores user globs (and what is inside a folder they match) and alwaysIgnore paths', () => {
    expect(filter.wanted('/app/src/skip.py')).toBe(false);
    expect(filter.wanted('/app/lib/a/generated/x.js')).toBe(false);
    expect(filter.ignored('/app/lib/a/generated')).toBe(true);
    expect(filter.wanted('/app/lib/drover-logs/x.txt')).toBe(false);
    expect(filter.ignored('/app/lib/drover-logs')).toBe(true);
    expect(filter.wanted('/app/lib/drover.pid')).toBe(false);
  });

  it('prunes what is neither a base, on the way to one, nor under one', () => {
    expect(filter.ignored('/')).toBe(false);
    expect(filter.ignored('/app')).toBe(false);
    expect(filter.ignored('/app/conf')).toBe(false);
    expect(filter.ignored('/app/other')).toBe(true);
    expect(filter.ignored('/app/conf/other.yaml')).toBe(true);
    expect(filter.ignored('/elsewhere')).toBe(true);
  });

  it('does not watch files no entry wants, but never prunes a folder for that', () => {
    expect(filter.ignored('/app/src/a/c.txt', file)).toBe(true);
    expect(filter.ignored('/app/src/a/c.py', file)).toBe(false);
    expect(filter.ignored('/app/src/a', folder)).toBe(false);
    expect(filter.ignored('/app/src/a')).toBe(false);
  });

  it('lets an explicitly named path through the name list', () => {
    const explicit = createPathFilter({ paths: ['/app/.venv/lib/mine', '/app/run.log'], ignore: [] });
    expect(explicit.ignored('/app/.venv')).toBe(false);
    expect(explicit.wanted('/app/.venv/lib/mine/x.py')).toBe(true);
    expect(explicit.wanted('/app/.venv/lib/mine/node_modules/x.js')).toBe(false);
    expect(explicit.wanted('/app/run.log')).toBe(true);
  });

  it('refuses relative paths', () => {
    expect(() => createPathFilter({ paths: ['src/**/*.py'], ignore: [] })).toThrow(/absolute/);
    expect(() => createPathFilter({ paths: ['/app'], ignore: ['*.tmp'] })).toThrow(/absolute/);
  });
});
