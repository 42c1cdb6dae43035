import { readFileSync } from 'node:fs';

/** drover's version, from package.json (read on demand: most commands never need it). */
export function droverVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
