#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { findConfigPath } from './config-path.js';
import { USAGE } from './help.js';
import { parseArgs, UsageError, type ParsedArgs } from './parse-args.js';

/** The entry point, and the only place that calls process.exit. */

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function dispatch(args: ParsedArgs): Promise<number> {
  if (args.flags.has('--help') || args.verb === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.flags.has('--version')) {
    process.stdout.write(`drover ${version()}\n`);
    return 0;
  }
  const configPath = findConfigPath(args.config);
  switch (args.verb) {
    case null: {
      const { runForeground } = await import('./commands/run.js');
      return runForeground(configPath, process.stdout, process.stderr);
    }
    case 'check': {
      const { check } = await import('./commands/check.js');
      return check(configPath, process.stdout, process.stderr);
    }
    default:
      throw new UsageError(`unknown command: ${args.verb}`);
  }
}

async function main(): Promise<void> {
  let code: number;
  try {
    code = await dispatch(parseArgs(process.argv.slice(2)));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`drover: ${error.message}\n\n${USAGE}`);
    code = 2;
  }
  process.exit(code);
}

await main();
