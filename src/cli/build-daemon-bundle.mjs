// Bundles `drover --daemon`'s launcher (dist/cli/daemon-main.js and everything it
// imports but packages) into one CommonJS file, dist/cli/daemon-bundle.cjs, and
// puts its loader (daemon-loader.cjs, with the code cache runner inlined) at
// dist/cli/daemon.cjs, what the `drover` command runs for `--daemon` without
// `--foreground` (drover.sh). Run after tsc. Why: the launcher parses the config
// the detached supervisor waits for, so its boot through the ES module loader
// was on the path of every start.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleCjs } from '../build/bundle-cjs.mjs';

const dist = (file) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
const outfile = dist('cli/daemon-bundle.cjs');

// Packages stay outside, and so does the config loader: it is its own bundle, dist/config/load-config.cjs, and the
// launcher imports config/index.js only where that bundle is missing (run from src/, which this bundle never is).
await bundleCjs({
  entry: dist('cli/daemon-main.js'),
  outfile,
  what: 'the daemon launcher',
  packagesExternal: true,
  external: ['../../config/index.js'],
  moduleUrls: true,
});
await bundleCjs({
  entry: fileURLToPath(new URL('./daemon-loader.cjs', import.meta.url)),
  outfile: dist('cli/daemon.cjs'),
  what: 'the daemon launcher loader',
  external: ['./main.js'],
});
// The loader would see the new bundle's size and time and not use it; removed, no stale compiled code stays around.
rmSync(`${outfile}.cache`, { force: true });
