import { runCtl } from './ctl/index.js';
import { exitWhenFlushed } from './exit-when-flushed.js';
import { parseArgs, UsageError, type ParsedArgs } from './parse-args.js';

/**
 * The entry the `drover` launcher runs when an argument is `ctl`. It reaches
 * only ctl's modules (main.js's static imports bring the config runtime, help
 * and child_process), and the build bundles it into one file, dist/cli/ctl.cjs:
 * a fresh `drover ctl status` is mostly Node's own start-up, so every module
 * file read, resolved and compiled on the way showed in its time.
 *
 * Whatever is not a plain ctl command (help, version, a usage error to print
 * with the full usage, `ctl` as an option's value) goes to main.js, which
 * parses the same argv again and answers as it always does.
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

async function runCtlEntry(): Promise<void> {
  const args = ctlArgs(process.argv.slice(2));
  if (args === null) {
    await import('./main.js');
    return;
  }
  await exitWhenFlushed(await runCtl(args));
}

// No top-level await: the bundle is CommonJS, which Node starts without its ES module loader.
runCtlEntry().catch((error: unknown) => {
  process.exitCode = 1;
  throw error;
});
