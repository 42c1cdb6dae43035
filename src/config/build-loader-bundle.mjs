// Bundles the config loader into CommonJS files, run after tsc:
// - dist/config/load-main.cjs: the loader child (load-main.js), which load-isolated.ts runs;
// - dist/config/load-config.cjs: loadConfig alone, which `drover --daemon` calls in-process.
// Each holds the YAML parser, zod and every module of the config folder. Why: the loader is
// on the path of every start and every reload, and through the ES module loader its ~210
// module files (most of them zod's and yaml's) cost about a third of its CPU before it read a byte.
import { rmSync } from 'node:fs';
import { bundleCjs, distFile as dist } from '../build/bundle-cjs.mjs';

for (const [entry, out] of [
  ['config/load-main.js', 'config/load-main.cjs'],
  ['config/load-config.js', 'config/load-config.cjs'],
]) {
  await bundleCjs({ entry: dist(entry), outfile: dist(out), what: 'the loader' });
  // A code cache of the old bundle (load-config.cjs has one, see commands/daemon.ts) would not be used again: removed.
  rmSync(`${dist(out)}.cache`, { force: true });
}
