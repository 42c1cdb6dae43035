// Bundles the config loader into CommonJS files, run after tsc:
// - dist/config/load-main.cjs: the loader child (load-main.js), which load-isolated.ts runs;
// - dist/config/load-config.cjs: loadConfig alone, which `drover --daemon` calls in-process.
// Each holds the YAML parser, zod and every module of the config folder. Why: the loader is
// on the path of every start and every reload, and through the ES module loader its ~210
// module files (most of them zod's and yaml's) cost about a third of its CPU before it read a byte.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = (file) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

for (const [entry, out] of [
  ['config/load-main.js', 'config/load-main.cjs'],
  ['config/load-config.js', 'config/load-config.cjs'],
]) {
  const outfile = dist(out);
  await build({
    entryPoints: [dist(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Only load-isolated's loaderPath uses import.meta, and neither bundle calls it (tree-shaken);
    // the check below fails the build if code that does reach a bundle.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'warning',
  });
  if (readFileSync(outfile, 'utf8').includes('import_meta')) {
    throw new Error(`${outfile}: bundled code uses import.meta, which a CommonJS bundle has not; keep that module out of the loader's imports`);
  }
}
