// Compiles drover-spawner (see spawner.c) into dist/ at build time. Without a
// C compiler drover still works: it falls back to Node's child_process, which
// is slower to start processes but otherwise the same.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./spawner.c', import.meta.url));
const output = fileURLToPath(new URL('../../../dist/engine/native/drover-spawner', import.meta.url));
mkdirSync(new URL('../../../dist/engine/native/', import.meta.url), { recursive: true });

for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
  const result = spawnSync(cc, ['-O2', '-Wall', '-o', output, source], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error?.code === 'ENOENT') continue;
  if (result.status === 0) process.exit(0);
  console.warn(`drover: building the process spawner with ${cc} failed; drover will use Node's child_process instead`);
  process.exit(0);
}
console.warn("drover: no C compiler found; drover will use Node's child_process to start programs (slower starts)");
