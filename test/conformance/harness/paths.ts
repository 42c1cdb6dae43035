import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
export const DROVER_MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

/** Config strings name `{dir}` (the side's temp folder) and `{fixtures}`; each side fills in its own. */
export function fillPlaceholders(text: string, dir: string, fixtures = FIXTURES): string {
  return text.replaceAll('{dir}', dir).replaceAll('{fixtures}', fixtures);
}
