import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type NativeHelper = 'drover-spawner' | 'drover-as-user';

/** Where the build put a native helper (see native/build-spawner.mjs): beside the compiled engine, or in dist/ when running from src/. */
export function findNativeHelper(name: NativeHelper): string | null {
  const candidates = [new URL(`./native/${name}`, import.meta.url), new URL(`../../dist/engine/native/${name}`, import.meta.url)];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return file;
  }
  return null;
}
