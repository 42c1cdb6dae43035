// Bundles `drover --daemon`'s launcher (dist/cli/daemon-main.js and everything it
// imports but packages) into one CommonJS file, dist/cli/daemon-bundle.cjs, and
// puts its loader (daemon-loader.cjs, with the code cache runner inlined) at
// dist/cli/daemon.cjs, what the `drover` command runs for `--daemon` without
// `--foreground` (drover.sh). Run after tsc. Why: the launcher parses the config
// the detached supervisor waits for, so its boot through the ES module loader
// was on the path of every start.
import { fileURLToPath } from 'node:url';
import { bundleWithLoader, distFile } from '../build/bundle-cjs.mjs';

// Packages stay outside, and so does the config loader: it is its own bundle, dist/config/load-config.cjs, and the
// launcher imports config/index.js only where that bundle is missing (run from src/, which this bundle never is).
await bundleWithLoader(
  {
    entry: distFile('cli/daemon-main.js'),
    outfile: distFile('cli/daemon-bundle.cjs'),
    what: 'the daemon launcher',
    packagesExternal: true,
    external: ['../../config/index.js'],
    moduleUrls: true,
  },
  { entry: fileURLToPath(new URL('./daemon-loader.cjs', import.meta.url)), outfile: distFile('cli/daemon.cjs'), external: ['./main.js'] },
);
