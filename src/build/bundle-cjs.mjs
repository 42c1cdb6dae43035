// One CommonJS bundle of a built entry (run after tsc), for the build scripts of
// ctl, the config loader, the supervisor and the daemon launcher: each runs on every
// start or command, where the ES module loader's per-file cost showed. A CommonJS bundle has no import.meta, so
// code that uses it must stay out of the entry's imports: the build fails if any
// reaches the bundle (`what` names whose imports to look at).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * An esbuild plugin for bundles of modules that find files beside them by
 * import.meta.url (the spawner helper, the worker runtime, package.json): in
 * each such module, import.meta.url becomes the URL of that module's own built
 * file, reckoned at run time from the bundle's folder. dist/ keeps every built
 * module, so the files they look for are where they were.
 * @param {string} outfile
 */
function ownModuleUrls(outfile) {
  const bundleDir = path.dirname(outfile);
  return {
    name: 'own-module-urls',
    /** @param {import('esbuild').PluginBuild} bundler */
    setup(bundler) {
      bundler.onLoad({ filter: /\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const own = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(path.relative(bundleDir, args.path))})).href`;
        return { contents: text.replaceAll('import.meta.url', own), loader: 'js' };
      });
    },
  };
}

/**
 * @param {{ entry: string, outfile: string, what: string, external?: string[], packagesExternal?: boolean, moduleUrls?: boolean, importAsRequire?: boolean }} options
 * moduleUrls: import.meta.url is kept, as each module's own file (ownModuleUrls), where without it the build refuses it.
 * importAsRequire: import() of an external becomes require(), for a bundle that node:vm runs (code-cache.cjs),
 * where import() throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING.
 */
export async function bundleCjs({ entry, outfile, what, external = [], packagesExternal = false, moduleUrls = false, importAsRequire = false }) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    ...(packagesExternal ? { packages: 'external' } : {}),
    external,
    plugins: moduleUrls ? [ownModuleUrls(outfile)] : [],
    ...(importAsRequire ? { supported: { 'dynamic-import': false } } : {}),
    // Only the config runtime's load-isolated uses import.meta, and no bundle reaches it (tree-shaken).
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'warning',
  });
  if (readFileSync(outfile, 'utf8').includes('import_meta')) {
    throw new Error(`${outfile}: bundled code uses import.meta, which a CommonJS bundle has not; keep that module out of ${what}'s imports`);
  }
}

/**
 * A bundle and the small loader that runs it with V8's code cache (the loader's own
 * file, with code-cache.cjs inlined): what ctl, the supervisor and the daemon launcher
 * are built as. The bundle's old code cache is removed: the loader would see the new
 * bundle's size and time and not use it, and no stale compiled code stays around.
 * @param {Parameters<typeof bundleCjs>[0]} bundle
 * @param {{ entry: string, outfile: string, external?: string[] }} loader
 */
export async function bundleWithLoader(bundle, loader) {
  await bundleCjs(bundle);
  await bundleCjs({ ...loader, what: `${bundle.what}'s loader` });
  rmSync(`${bundle.outfile}.cache`, { force: true });
}

/**
 * The path of a built file: dist/`file`.
 * @param {string} file
 */
export function distFile(file) {
  return fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
}
