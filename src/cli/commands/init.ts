import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importFile } from '../../import/import-file.js';
import { formatError, formatWarning } from '../../import/import-warning.js';

/** What init builds from when the folder has it, in this order: supervisord's config says more than a Procfile. */
const SOURCES = ['supervisord.conf', 'Procfile'] as const;

/**
 * The starter when there is nothing to import: one program that runs on any
 * Linux machine, and the settings a first edit needs, each said in a comment.
 * `drover check` passes it (test/cli/init.test.ts).
 */
const STARTER = `# programs.yaml: the programs drover keeps running for this folder.
#   drover            start them, with the view (q leaves them running or stops them)
#   drover check      check this file: every mistake with its line and column
#   drover ctl status the state of each program, from another terminal
# Relative paths are relative to this file. Every option: docs/configuration.md.

supervisor:
  logdir: ./logs               # each process's stdout and stderr files
  socket: ./run/drover.sock    # drover ctl and drover attach talk to the supervisor here

programs:
  app:
    # Your program's command line, split as a shell would but run without one
    # (for pipes or &&, write: sh -c '...').
    command: sleep infinity
    # directory: ./            # where it runs (default: this file's folder)
    # environment:
    #   PORT: "8000"
    # numprocs: 1              # how many copies
    # autorestart: unexpected  # true | false | unexpected (exit code not in exitcodes)
    # stopwaitsecs: 10s        # time to exit after SIGTERM, then SIGKILL
`;

/**
 * `drover init [FILE]`: writes a commented programs.yaml, built through
 * `drover import` from the folder's supervisord.conf or Procfile when there is
 * one, else the starter. Never overwrites: the file is created with O_EXCL,
 * so an existing one (even one created a moment ago) is an error, exit 1.
 */
export async function runInit(target: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const file = path.resolve(target);
  if (existsSync(file)) return refuseOverwrite(target, err);
  const source = SOURCES.find((name) => existsSync(name));
  let text = STARTER;
  if (source !== undefined) {
    const outcome = await importFile(source, { prefork: false });
    for (const warning of outcome.warnings) err.write(`${formatWarning(warning)}\n`);
    if (!outcome.ok) {
      for (const error of outcome.errors) err.write(`drover init: ${formatError(error)}\n`);
      err.write(`drover init: nothing written; fix ${source}, or move it aside for a starter file\n`);
      return 1;
    }
    text = outcome.yaml;
  }
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return refuseOverwrite(target, err);
    err.write(`drover init: cannot write ${target}: ${(error as Error).message}\n`);
    return 1;
  }
  const config = configOption(target);
  out.write(
    source === undefined
      ? `drover init: wrote ${target}, a starter with one program (app): put your command in it, then run drover${config}\n`
      : `drover init: wrote ${target} from ${source} (through drover import); check it with drover check${config}, then run drover${config}\n`,
  );
  return 0;
}

function refuseOverwrite(target: string, err: NodeJS.WritableStream): number {
  err.write(`drover init: ${target} exists already; init never overwrites a file (move it aside, or name another: drover init FILE)\n`);
  return 1;
}

/** ` -c FILE` for a file drover would not find by itself. */
function configOption(target: string): string {
  return path.resolve(target) === path.resolve('programs.yaml') ? '' : ` -c ${target}`;
}
