// One CommonJS bundle of a built entry (run after tsc), for the build scripts of
// ctl and of the config loader: both run on every start or command, where the ES
// module loader's per-file cost showed. A CommonJS bundle has no import.meta, so
// code that uses it must stay out of the entry's imports: the build fails if any
// reaches the bundle (`what` names whose imports to look at).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * @param {{ entry: string, outfile: string, what: string, external?: string[], packagesExternal?: boolean }} options
 */
export async function bundleCjs({ entry, outfile, what, external = [], packagesExternal = false }) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    ...(packagesExternal ? { packages: 'external' } : {}),
    external,
    // Only the config runtime's load-isolated uses import.meta, and no bundle reaches it (tree-shaken).
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'warning',
  });
  if (readFileSync(outfile, 'utf8').includes('import_meta')) {
    throw new Error(`${outfile}: bundled code uses import.meta, which a CommonJS bundle has not; keep that module out of ${what}'s imports`);
  }
}
