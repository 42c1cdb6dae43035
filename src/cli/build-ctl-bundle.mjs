// Bundles `drover ctl` (dist/cli/ctl-main.js and everything it imports) into
// one CommonJS file, dist/cli/ctl-bundle.cjs, and puts its loader (ctl-loader.cjs,
// which runs it with V8's code cache) at dist/cli/ctl.cjs, what the `drover`
// launcher runs for ctl.
// Run after tsc. Why: a fresh `ctl status` is mostly Node's own start-up, and
// each of the ~40 module files it loaded (resolved, read, compiled through the
// ES module loader) showed in its time; CommonJS also starts without that loader.
// Packages stay outside (only yaml, loaded on demand for unusual configs), and
// main.js is left to load at run time for whatever is not a plain ctl command.
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = (file) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
const outfile = dist('cli/ctl-bundle.cjs');

await build({
  entryPoints: [dist('cli/ctl-main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  external: ['./main.js'],
  // Only the config runtime's load-isolated uses import.meta, and ctl never reaches it (tree-shaken);
  // the check below fails the build if code that does reach the bundle.
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'warning',
});

if (readFileSync(outfile, 'utf8').includes('import_meta')) {
  throw new Error(`${outfile}: bundled code uses import.meta, which a CommonJS bundle has not; keep that module out of ctl's imports`);
}

copyFileSync(fileURLToPath(new URL('./ctl-loader.cjs', import.meta.url)), dist('cli/ctl.cjs'));
// The loader would see the new bundle's size and time and not use it; removed, no stale compiled code stays around.
rmSync(`${outfile}.cache`, { force: true });
