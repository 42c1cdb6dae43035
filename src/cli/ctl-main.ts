import { runCtl } from './ctl/index.js';
import { exitWhenFlushed } from './exit-when-flushed.js';
import { parseArgs, UsageError, type ParsedArgs } from './parse-args.js';

/**
 * The entry of `drover ctl` when the launcher sees a `ctl` argument. It reaches
 * only ctl's modules (main.js's static imports bring the config runtime, help
 * and child_process), and the build bundles it into one file,
 * dist/cli/ctl-bundle.cjs, which dist/cli/ctl.cjs (ctl-loader.cjs) runs with
 * V8's code cache: a fresh `drover ctl status` is mostly Node's own start-up,
 * so every module file read, resolved and compiled on the way showed in its time.
 *
 * Whatever is not a plain ctl command (help, version, a usage error to print
 * with the full usage, `ctl` as an option's value) goes to main.js, which
 * parses the same argv again and answers as it always does. The loader
 * imports it: code compiled by node:vm cannot import() without an
 * experimental flag.
 */
function ctlArgs(argv: string[]): ParsedArgs | null {
  try {
    const args = parseArgs(argv);
    return args.verb === 'ctl' && !args.flags.has('--help') && !args.flags.has('--version') ? args : null;
  } catch (error) {
    if (error instanceof UsageError) return null;
    throw error;
  }
}

/** Runs the ctl command in argv and returns true, or returns false at once when main.js is to answer. */
export function startCtl(argv: string[]): boolean {
  const args = ctlArgs(argv);
  if (args === null) return false;
  runCtl(args)
    .then(exitWhenFlushed)
    .catch((error: unknown) => {
      process.exitCode = 1;
      throw error;
    });
  return true;
}
