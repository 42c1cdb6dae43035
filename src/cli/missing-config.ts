import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The example the package ships, beside package.json (dist/cli/ is two folders down). */
const EXAMPLE = fileURLToPath(new URL('../../programs.yaml.example', import.meta.url));

/**
 * What `drover` says when there is no config to start: the first thing a new
 * user sees, so it says how to get one rather than only that it is missing.
 * `configPath` is absolute; `given` is -c's value, if any.
 */
export function describeMissingConfig(configPath: string, given: string | null): string {
  const file = path.relative(process.cwd(), configPath) || configPath;
  const custom = given !== null && path.resolve(given) !== path.resolve('programs.yaml');
  const ways: Array<[string, string]> = [
    [`drover init${custom ? ` ${file}` : ''}`, `a commented ${file} for this folder (from its Procfile or supervisord.conf, if it has one)`],
    [`drover import FILE > ${file}`, 'the programs of a supervisord.conf or a Procfile'],
  ];
  if (existsSync(EXAMPLE)) ways.push([`cp ${EXAMPLE} ${file}`, 'the example of most settings, to adapt']);
  const width = Math.max(...ways.map(([command]) => command.length)) + 2;
  return [
    `drover: no config at ${configPath}; to start, write one:`,
    ...ways.map(([command, what]) => `  ${command.padEnd(width)}${what}`),
    `then run drover${custom ? ` -c ${file}` : ''} again (drover check${custom ? ` -c ${file}` : ''} checks the file first)`,
    '',
  ].join('\n');
}
