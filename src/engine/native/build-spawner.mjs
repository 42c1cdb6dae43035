// Compiles drover's two native helpers into dist/ at build time (see
// spawner.c and as-user.c). Without a C compiler drover still works: it falls
// back to Node's child_process, which is slower to start processes, and
// `user:` programs then run without the user's supplementary groups.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HELPERS = [
  {
    sources: [
      'spawner.c',
      'spawner-ipc.c',
      'spawner-frames.c',
      'spawner-arms.c',
      'spawner-keep.c',
      'spawner-held.c',
      'spawner-relay.c',
      'spawner-channel.c',
      'spawner-sockets.c',
      'spawner-workers.c',
    ],
    output: 'drover-spawner',
    fallback: "drover will use Node's child_process instead (slower starts)",
  },
  { sources: ['as-user.c'], output: 'drover-as-user', fallback: "`user:` programs will run without the user's supplementary groups" },
];
mkdirSync(new URL('../../../dist/engine/native/', import.meta.url), { recursive: true });

function build({ sources, output, fallback }) {
  const sourceFiles = sources.map((source) => fileURLToPath(new URL(`./${source}`, import.meta.url)));
  const outputFile = fileURLToPath(new URL(`../../../dist/engine/native/${output}`, import.meta.url));
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
    const result = spawnSync(cc, ['-O2', '-Wall', '-o', outputFile, ...sourceFiles], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.error?.code === 'ENOENT') continue;
    if (result.status !== 0) console.warn(`drover: building ${output} with ${cc} failed; ${fallback}`);
    return;
  }
  console.warn(`drover: no C compiler found to build ${output}; ${fallback}`);
}

for (const helper of HELPERS) build(helper);
