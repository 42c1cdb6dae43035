'use strict';
// dist/cli/supervisor.cjs, what `drover --daemon` runs as its detached supervisor
// (commands/supervisor-child.ts): runs the supervisor's bundle
// (dist/cli/supervisor-bundle.cjs, entry supervisor-main.ts) with V8's code cache
// (code-cache.cjs). Its arguments are main.js's: `--daemon --foreground -c FILE`.
const { runWithCodeCache } = require('./code-cache.cjs');

const CACHE_AFTER_MS = 3000;

const argv = process.argv.slice(2);
const configPath = argv.includes('-c') ? argv[argv.indexOf('-c') + 1] : undefined;
if (configPath === undefined) {
  process.stderr.write('usage: supervisor.cjs --daemon --foreground -c FILE (the supervisor `drover --daemon` starts; run `drover --daemon --foreground -c FILE` instead)\n');
  process.exit(2);
}
const run = runWithCodeCache(`${__dirname}/supervisor-bundle.cjs`, 'drover-supervisor-cache');
run.exports.startSupervisor(configPath);
// Written a few seconds in, once a start has compiled the functions it runs, not at exit: a supervisor runs for months.
if (run.cacheStale) setTimeout(run.saveCache, CACHE_AFTER_MS).unref();
