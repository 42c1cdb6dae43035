import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainingUvicornArgv } from '../../src/engine/prefork/uvicorn-drain.js';

/**
 * Which prefork commands run through the uvicorn drain shim, and with which
 * interpreter: the one in the uvicorn script's own `#!` line, found on the
 * program's PATH, so a virtualenv's uvicorn runs under that virtualenv.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-uvicorn-drain-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function script(relative: string, firstLine: string): string {
  const file = path.join(dir, relative);
  writeFileSync(file, `${firstLine}\nimport sys\n`);
  chmodSync(file, 0o755);
  return file;
}

const isShim = (word: string | undefined) => word !== undefined && word.endsWith(`${path.sep}uvicorn-drain.py`);

describe('drainingUvicornArgv', () => {
  it('runs a uvicorn found on PATH with the interpreter of its #! line', () => {
    script('uvicorn', '#!/opt/venv/bin/python3.11');
    const argv = drainingUvicornArgv(['uvicorn', 'main:app', '--fd', '3'], '/', `/nowhere:${dir}`);
    expect(argv?.[0]).toBe('/opt/venv/bin/python3.11');
    expect(isShim(argv?.[1])).toBe(true);
    expect(argv?.slice(2)).toEqual(['uvicorn', 'main:app', '--fd', '3']);
  });

  it('keeps an env #! line whole and resolves a relative uvicorn path against the working directory', () => {
    script('uvicorn', '#!/usr/bin/env python3');
    const argv = drainingUvicornArgv(['./uvicorn', 'main:app'], dir, undefined);
    expect(argv?.slice(0, 2)).toEqual(['/usr/bin/env', 'python3']);
    expect(isShim(argv?.[2])).toBe(true);
    expect(argv?.slice(3)).toEqual(['uvicorn', 'main:app']);
  });

  it('turns `python -m uvicorn ARGS` into `python SHIM uvicorn ARGS`', () => {
    const argv = drainingUvicornArgv(['/srv/venv/bin/python', '-m', 'uvicorn', 'main:app', '--fd', '3'], '/', undefined);
    expect(argv?.[0]).toBe('/srv/venv/bin/python');
    expect(isShim(argv?.[1])).toBe(true);
    expect(argv?.slice(2)).toEqual(['uvicorn', 'main:app', '--fd', '3']);
  });

  it("runs gunicorn through the shim when its worker class is one of uvicorn's, however -k is written", () => {
    script('gunicorn', '#!/srv/venv/bin/python3');
    for (const form of [
      ['-k', 'uvicorn.workers.UvicornWorker'],
      ['-kuvicorn.workers.UvicornWorker'],
      ['--worker-class=uvicorn.workers.UvicornH11Worker'],
      ['--worker-class', 'uvicorn.workers.UvicornWorker'],
    ]) {
      const argv = drainingUvicornArgv(['gunicorn', '-w', '1', ...form, 'main:app'], '/', dir);
      expect(argv?.[0]).toBe('/srv/venv/bin/python3');
      expect(isShim(argv?.[1])).toBe(true);
      expect(argv?.slice(2)).toEqual(['gunicorn', '-w', '1', ...form, 'main:app']);
    }
    const viaModule = drainingUvicornArgv(['python3', '-m', 'gunicorn', '-k', 'uvicorn.workers.UvicornWorker', 'main:app'], '/', dir);
    expect(viaModule?.slice(2)).toEqual(['gunicorn', '-k', 'uvicorn.workers.UvicornWorker', 'main:app']);
  });

  it('leaves every other command alone', () => {
    script('uvicorn-sh', '#!/bin/sh');
    script('gunicorn', '#!/usr/bin/python3');
    expect(drainingUvicornArgv(['gunicorn', '-w', '1', 'app:app'], '/', dir)).toBeNull();
    expect(drainingUvicornArgv(['gunicorn', '-k', 'gevent', '--keep-alive', '5', 'app:app'], '/', dir)).toBeNull();
    expect(drainingUvicornArgv(['python3', '-m', 'gunicorn', 'app:app'], '/', dir)).toBeNull();
    expect(drainingUvicornArgv(['node', 'server.js'], '/', dir)).toBeNull();
    expect(drainingUvicornArgv([], '/', dir)).toBeNull();
  });

  it('leaves a uvicorn that is not a Python script, or is not found, alone', () => {
    writeFileSync(path.join(dir, 'uvicorn'), '#!/bin/sh\nexec true\n');
    chmodSync(path.join(dir, 'uvicorn'), 0o755);
    expect(drainingUvicornArgv(['uvicorn', 'main:app'], '/', dir)).toBeNull();
    expect(drainingUvicornArgv(['uvicorn', 'main:app'], '/', path.join(dir, 'missing'))).toBeNull();
  });
});
