/**
 * Exits with `code` once everything written to stdout and stderr is out.
 * stdout to a pipe is written asynchronously: exiting at once cut
 * `ctl status --json | jq` short at ~200 KB. A write's callback runs once
 * everything before it is flushed.
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map((stream) => new Promise((resolve) => (stream.writableLength === 0 || stream.destroyed ? resolve(null) : stream.write('', resolve)))),
  );
  process.exit(code);
}

/**
 * An entry's whole run: exits with the code `work` resolves to, once the output
 * is flushed; if it throws, the error is uncaught (Node prints it) and the exit code is 1.
 */
export function exitWhenDone(work: Promise<number>): void {
  work.then(exitWhenFlushed).catch((error: unknown) => {
    process.exitCode = 1;
    throw error;
  });
}
