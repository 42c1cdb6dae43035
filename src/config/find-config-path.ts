import path from 'node:path';

/** Config discovery: `-c FILE`, else `$DROVER_CONFIG` (when set and not empty), else `./programs.yaml`. */
export function findConfigPath(fromArgs: string | null, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(fromArgs ?? (env.DROVER_CONFIG || 'programs.yaml'));
}
