'use strict';
// dist/cli/daemon.cjs, what the `drover` launcher runs for `drover --daemon`
// without --foreground: runs the launcher's bundle (dist/cli/daemon-bundle.cjs,
// entry daemon-main.ts) with V8's code cache (code-cache.cjs), written by the
// first start and after the bundle or Node changes.
const { runWithCodeCache } = require('./code-cache.cjs');

const run = runWithCodeCache(`${__dirname}/daemon-bundle.cjs`, 'drover-daemon-cache');
if (!run.exports.startDaemonLauncher(process.argv.slice(2))) {
  // Help, --version, verbs, usage errors and a missing config: main.js answers them. Imported from here, as code
  // that node:vm compiled cannot import() without an experimental flag.
  import('./main.js');
} else if (run.cacheStale) {
  // At exit, the functions this start compiled are in the script: the cache holds them too.
  process.once('exit', run.saveCache);
}
