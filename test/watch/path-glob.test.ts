import { describe, expect, it } from 'vitest';
import { globBase, isInside, pathGlobMatcher, splitPath } from '../../src/watch/path-glob.js';

describe('pathGlobMatcher', () => {
  it.each([
    ['/app/src/**/*.py', '/app/src/a/b/c.py', true],
    ['/app/src/**/*.py', '/app/src/c.py', true], // `**` matches zero segments
    ['/app/src/**/*.py', '/app/src/a/b/c.txt', false],
    ['/app/src/**/*.py', '/app/other/c.py', false],
    ['/app/src/*.py', '/app/src/a/c.py', false], // `*` never crosses a '/'
    ['/app/src/*.py', '/app/src/c.py', true],
    ['/app/*/lib/*.js', '/app/pkg/lib/x.js', true],
    ['/app/*/lib/*.js', '/app/pkg/sub/lib/x.js', false],
    ['/app/**', '/app', true],
    ['/app/**', '/app/x/y', true],
    ['/app/**', '/application', false],
    ['/**/*.py', '/x.py', true],
    ['/**/*.py', '/a/b/x.py', true],
    ['/a/**/b/**/c', '/a/b/c', true],
    ['/a/**/b/**/c', '/a/x/b/y/z/c', true],
    ['/a/**/b/**/c', '/a/x/y/c', false],
    ['/a/**/**/b', '/a/b', true],
    ['/app/.env', '/app/.env', true],
    ['/app/*', '/app/.env', true], // dot-files are matched like any name
    ['/app/conf/[!_]*.yaml', '/app/conf/web.yaml', true],
    ['/app/conf/[!_]*.yaml', '/app/conf/_base.yaml', false],
    ['/app/src/', '/app/src', true], // trailing slashes and doubled slashes do not matter
    ['/app//src', '/app/src/', true],
    ['/app/src', '/app/src/x', false], // plain globs match exactly; "and under" is the filter's job
  ])('%s on %s → %s', (glob, path, expected) => {
    expect(pathGlobMatcher(glob)(path)).toBe(expected);
  });

  it('answers at once for many `**` against a deep path that does not match', () => {
    const glob = `/${'**/a/'.repeat(20)}b`;
    const path = `/${'a/'.repeat(200)}c`;
    const started = performance.now();
    expect(pathGlobMatcher(glob)(path)).toBe(false);
    expect(pathGlobMatcher(glob)(`/${'a/'.repeat(200)}b`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('globBase', () => {
  it.each([
    ['/app/src/**/*.py', '/app/src'],
    ['/app/src/*.py', '/app/src'],
    ['/app/*/lib/*.js', '/app'],
    ['/app/conf/programs.yaml', '/app/conf/programs.yaml'], // a plain path is its own base
    ['/app/src/', '/app/src'],
    ['/**/*.py', '/'],
    ['/', '/'],
    ['/app/web_[0-9]/x', '/app'],
  ])('%s → %s', (glob, base) => {
    expect(globBase(glob)).toBe(base);
  });
});

describe('splitPath and isInside', () => {
  it('splits into non-empty segments', () => {
    expect(splitPath('/a//b/')).toEqual(['a', 'b']);
    expect(splitPath('/')).toEqual([]);
  });

  it('is strict and respects segment boundaries', () => {
    expect(isInside('/app/src/x', '/app/src')).toBe(true);
    expect(isInside('/app/src', '/app/src')).toBe(false);
    expect(isInside('/app/srcx', '/app/src')).toBe(false);
    expect(isInside('/app', '/')).toBe(true);
    expect(isInside('/', '/')).toBe(false);
  });
});
