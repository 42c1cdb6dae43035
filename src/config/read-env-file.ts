import { readFile } from 'node:fs/promises';
import { parseDotenv, type DotenvProblem } from './dotenv.js';

export type EnvFileRead = { kind: 'parsed'; vars: Record<string, string>; problems: DotenvProblem[] } | { kind: 'unreadable'; error: unknown };

/** Reads and parses one .env-format file; problems come back as data. */
export async function readEnvFile(file: string): Promise<EnvFileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { kind: 'unreadable', error };
  }
  const { vars, problems } = parseDotenv(text);
  return { kind: 'parsed', vars, problems };
}
