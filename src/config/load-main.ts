import { loadConfig } from './load-config.js';
import { encodeLoadResult } from './load-isolated.js';
import { traceStart } from '../os/start-trace.js';

traceStart('config loader', 'modules loaded');

/**
 * Entry point of the config-loading child process (see load-isolated.ts):
 * loads the file named in argv and writes the result as JSON on stdout.
 * No top-level await: the build bundles this file as CommonJS (load-main.cjs).
 */
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: load-main.js FILE\n');
  process.exit(64);
}
void loadConfig(file).then((result) => {
  traceStart('config loader', 'config loaded');
  process.stdout.write(encodeLoadResult(result), () => process.exit(0));
});
