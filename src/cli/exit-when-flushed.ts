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
