'use strict';
// dist/cli/ctl.cjs, what the `drover` launcher runs for `drover ctl …`: runs
// the ctl bundle (dist/cli/ctl-bundle.cjs) with V8's code cache (code-cache.cjs),
// written by the first real ctl run and after the bundle or Node changes.
const { runWithCodeCache } = require('./code-cache.cjs');

const run = runWithCodeCache(`${__dirname}/ctl-bundle.cjs`, 'drover-ctl-cache');
if (!run.exports.startCtl(process.argv.slice(2))) {
  // Help, --version and usage errors: main.js answers them. Imported from here, as code that node:vm
  // compiled cannot import() without an experimental flag.
  import('./main.js');
} else if (run.cacheStale) {
  // At exit, the functions this ctl command compiled are in the script: the cache holds them too.
  process.once('exit', run.saveCache);
}
