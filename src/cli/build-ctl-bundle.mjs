// Bundles `drover ctl` (dist/cli/ctl-main.js and everything it imports) into
// one CommonJS file, dist/cli/ctl-bundle.cjs, and puts its loader (ctl-loader.cjs,
// which runs it with V8's code cache) at dist/cli/ctl.cjs, what the `drover`
// launcher runs for ctl.
// Run after tsc. Why: a fresh `ctl status` is mostly Node's own start-up, and
// each of the ~40 module files it loaded (resolved, read, compiled through the
// ES module loader) showed in its time; CommonJS also starts without that loader.
// Packages stay outside (only yaml, loaded on demand for unusual configs), and
// main.js is left to load at run time for whatever is not a plain ctl command.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWithLoader, distFile } from '../build/bundle-cjs.mjs';

// The yaml parser, for a config whose socket setting the scanner cannot read, is require()d: the loader runs the bundle with node:vm.
// The loader has the code cache runner (code-cache.cjs) inlined: ctl reads one file of drover before its bundle.
await bundleWithLoader(
  { entry: distFile('cli/ctl-main.js'), outfile: distFile('cli/ctl-bundle.cjs'), what: 'ctl', packagesExternal: true, external: ['./main.js'], importAsRequire: true },
  { entry: fileURLToPath(new URL('./ctl-loader.cjs', import.meta.url)), outfile: distFile('cli/ctl.cjs'), external: ['./main.js'] },
);
// The runner alone, for the launcher's config loader (commands/daemon.ts).
copyFileSync(fileURLToPath(new URL('./code-cache.cjs', import.meta.url)), distFile('cli/code-cache.cjs'));
