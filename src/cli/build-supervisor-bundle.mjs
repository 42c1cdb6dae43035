// Bundles the detached supervisor (dist/cli/supervisor-main.js and everything it
// imports but packages) into one CommonJS file, dist/cli/supervisor-bundle.cjs,
// and puts its loader (supervisor-loader.cjs, with the code cache runner inlined)
// at dist/cli/supervisor.cjs, what `drover --daemon` starts (commands/supervisor-child.ts).
// Run after tsc. Why: the supervisor's boot, about 150 module files resolved, read
// and compiled through the ES module loader, ran beside the launcher's parse on the
// path of every `drover --daemon`; bundled and taken from V8's code cache it took
// about half the time (200 programs, interleaved runs).
import { fileURLToPath } from 'node:url';
import { bundleWithLoader, distFile } from '../build/bundle-cjs.mjs';

// Packages stay outside: only chokidar, loaded when a config watches files.
await bundleWithLoader(
  { entry: distFile('cli/supervisor-main.js'), outfile: distFile('cli/supervisor-bundle.cjs'), what: 'the supervisor', packagesExternal: true, moduleUrls: true },
  { entry: fileURLToPath(new URL('./supervisor-loader.cjs', import.meta.url)), outfile: distFile('cli/supervisor.cjs') },
);
