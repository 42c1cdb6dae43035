'use strict';
// dist/cli/supervisor.cjs, what `drover --daemon` runs as its detached supervisor
// (commands/supervisor-child.ts): runs the supervisor's bundle
// (dist/cli/supervisor-bundle.cjs, entry supervisor-main.ts) with V8's code cache
// (code-cache.cjs). Its arguments are main.js's: `--daemon --foreground -c FILE`.
const { runWithCodeCache } = require('./code-cache.cjs');

const CACHE_AFTER_MS = 3000;

const run = runWithCodeCache(`${__dirname}/supervisor-bundle.cjs`, 'drover-supervisor-cache');
const argv = process.argv.slice(2);
run.exports.startSupervisor(argv[argv.indexOf('-c') + 1]);
// Written a few seconds in, once a start has compiled the functions it runs, not at exit: a supervisor runs for months.
if (run.cacheStale) setTimeout(run.saveCache, CACHE_AFTER_MS).unref();
