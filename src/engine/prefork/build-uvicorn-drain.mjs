// Copies uvicorn-drain.py (the Python side of uvicorn-drain.ts) into dist/, at build time.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

mkdirSync(new URL('../../../dist/engine/prefork/', import.meta.url), { recursive: true });
copyFileSync(fileURLToPath(new URL('./uvicorn-drain.py', import.meta.url)), fileURLToPath(new URL('../../../dist/engine/prefork/uvicorn-drain.py', import.meta.url)));
