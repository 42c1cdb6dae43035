import { formatConfigError, loadConfig } from '../../config/index.js';

/** `drover check`: every problem in the file, or a one-line summary. Exit 1 on any error. */
export async function check(configPath: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const result = await loadConfig(configPath);
  if (!result.ok) {
    for (const error of result.errors) err.write(`${formatConfigError(error)}\n`);
    err.write(`${result.errors.length} error${result.errors.length === 1 ? '' : 's'} in ${configPath}\n`);
    return 1;
  }
  for (const warning of result.warnings) err.write(`warning: ${formatConfigError(warning)}\n`);
  const { programs, groups } = result.config;
  const processes = programs.reduce((sum, p) => sum + p.numprocs, 0);
  const groupCount = Object.keys(groups).length;
  out.write(
    `${configPath}: OK, ${programs.length} program${programs.length === 1 ? '' : 's'}, ` +
      `${processes} process${processes === 1 ? '' : 'es'}, ${groupCount} group${groupCount === 1 ? '' : 's'}\n`,
  );
  return 0;
}
