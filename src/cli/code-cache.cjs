'use strict';
// Runs a CommonJS bundle (ctl's, the config loader's) with V8's code cache:
// compiling a bundle's functions as a run reaches them was about a tenth of a
// fresh `ctl status`, and about a third of the config loader's time in
// `drover --daemon`; V8 takes them back from the cache instead.
//
// The cache is written (by saveCache, once the run has compiled what it needs)
// into `<bundle>.cache`, 0600, when that folder is writable; a read-only
// install simply runs without one. A cache is compiled code, so only one this
// user wrote, not writable by others, is used. Its first line names the Node
// and the bundle (size, mtime) it was made for: V8 itself checks its version
// and flags, but of the source only the length, so a rebuilt bundle of the
// same length would otherwise run stale code. V8 rejects data it cannot use
// (cachedDataRejected); the run then compiles as without a cache, and
// cacheStale says a fresh one is worth writing.
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/** The cached data for this stamp, or undefined when there is none to trust. */
function readCache(cacheFile, stamp) {
  let fd;
  try {
    fd = fs.openSync(cacheFile, 'r');
    const own = fs.fstatSync(fd);
    if (own.uid !== process.getuid() || (own.mode & 0o022) !== 0) return undefined;
    const data = fs.readFileSync(fd);
    const end = data.indexOf(10);
    return end >= 0 && data.toString('latin1', 0, end + 1) === stamp ? data.subarray(end + 1) : undefined;
  } catch {
    return undefined; // none yet, or unreadable: run without
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Replaces the cache in one rename, so a concurrent run reads the old file or the new, never half of one. */
function writeCache(cacheFile, stamp, data) {
  const temp = `${cacheFile}.${process.pid}`;
  try {
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(stamp, 'latin1'), data]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, cacheFile);
  } catch {
    fs.rmSync(temp, { force: true }); // a read-only install: no cache, no error
  }
}

/**
 * Runs `bundle` as require() would, with the code cache beside it; `kind` begins the cache's stamp line.
 * @param {string} bundle
 * @param {string} kind
 * @returns {{ exports: any, cacheStale: boolean, saveCache: () => void }}
 */
function runWithCodeCache(bundle, kind) {
  const cacheFile = `${bundle}.cache`;
  const source = fs.readFileSync(bundle, 'utf8');
  const made = fs.statSync(bundle);
  const stamp = `${kind} 1 ${process.version} ${process.arch} ${made.size} ${made.mtimeMs}\n`;
  const cachedData = readCache(cacheFile, stamp);
  // The wrapper is what CommonJS gives a module file, so the bundle runs as it would under require().
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  const bundleModule = { exports: {} };
  script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, path.dirname(bundle));
  return {
    exports: bundleModule.exports,
    cacheStale: cachedData === undefined || script.cachedDataRejected === true,
    // The functions this run compiled are in the script by now: the cache holds them too.
    saveCache: () => writeCache(cacheFile, stamp, script.createCachedData()),
  };
}

module.exports = { runWithCodeCache };
