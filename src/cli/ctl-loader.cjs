'use strict';
// dist/cli/ctl.cjs, what the `drover` launcher runs for `drover ctl …`: runs
// the ctl bundle (dist/cli/ctl-bundle.cjs) with V8's code cache. Compiling the
// bundle's functions as a run reaches them was about a tenth of a fresh
// `ctl status`; V8 takes them back from the cache instead.
//
// The cache is written on the first run (and after the bundle or Node
// changes) into ctl-bundle.cjs.cache beside the bundle, 0600, when that
// folder is writable; a read-only install simply runs without one. A cache is
// compiled code, so only one this user wrote, not writable by others, is
// used. Its first line names the Node and the bundle (size, mtime) it was
// made for: V8 itself checks its version and flags, but of the source only
// the length, so a rebuilt bundle of the same length would otherwise run
// stale code. V8 rejects data it cannot use (cachedDataRejected); the run
// then compiles as without a cache and writes a fresh one.
const fs = require('node:fs');
const vm = require('node:vm');

const bundle = `${__dirname}/ctl-bundle.cjs`;
const cacheFile = `${bundle}.cache`;
const source = fs.readFileSync(bundle, 'utf8');
const made = fs.statSync(bundle);
const stamp = `drover-ctl-cache 1 ${process.version} ${process.arch} ${made.size} ${made.mtimeMs}\n`;

/** The cached data for this bundle and this Node, or undefined when there is none to trust. */
function readCache() {
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
function writeCache(data) {
  const temp = `${cacheFile}.${process.pid}`;
  try {
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(stamp, 'latin1'), data]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, cacheFile);
  } catch {
    fs.rmSync(temp, { force: true }); // a read-only install: no cache, no error
  }
}

const cachedData = readCache();
// The wrapper is what CommonJS gives a module file, so the bundle runs as it would under require().
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  cachedData,
});
const bundleModule = { exports: {} };
script.runInThisContext()(bundleModule.exports, require, bundleModule, bundle, __dirname);
if (!bundleModule.exports.startCtl(process.argv.slice(2))) {
  // Help, --version and usage errors: main.js answers them. Imported from here, as code that node:vm
  // compiled cannot import() without an experimental flag.
  import('./main.js');
} else if (cachedData === undefined || script.cachedDataRejected) {
  // At exit, the functions this ctl command compiled are in the script: the cache holds them too.
  process.once('exit', () => writeCache(script.createCachedData()));
}
