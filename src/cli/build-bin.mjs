// Copies the `drover` launcher (drover.sh) into dist/cli as an executable, at build time.
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../../dist/cli/drover', import.meta.url));
mkdirSync(new URL('../../dist/cli/', import.meta.url), { recursive: true });
copyFileSync(fileURLToPath(new URL('./drover.sh', import.meta.url)), target);
chmodSync(target, 0o755);
