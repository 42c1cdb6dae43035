// Bundles the config loader child (dist/config/load-main.js, the YAML parser, zod and every
// module of the config folder) into one CommonJS file, dist/config/load-main.cjs, which
// load-isolated.ts runs. Run after tsc. Why: the loader is on the path of every start
// (`drover -c`, and every reload), and through the ES module loader its ~100 module files
// (most of them zod's and yaml's) cost about a third of its CPU before it read a byte.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = (file) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
const outfile = dist('config/load-main.cjs');

await build({
  entryPoints: [dist('config/load-main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Only load-isolated's loaderPath uses import.meta, and the loader never calls it (tree-shaken);
  // the check below fails the build if code that does reach the bundle.
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'warning',
});

if (readFileSync(outfile, 'utf8').includes('import_meta')) {
  throw new Error(`${outfile}: bundled code uses import.meta, which a CommonJS bundle has not; keep that module out of the loader's imports`);
}
