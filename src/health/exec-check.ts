import { spawn, type ChildProcess } from 'node:child_process';
import { fail, PASS, STOPPED, timedOut, type CheckOptions, type CheckResult } from './check-result.js';
import { cleanText, errorText } from './error-text.js';

/** Only the tail of stderr is kept: the last line is what explains a failure. */
const STDERR_TAIL = 2048;
/**
 * After the command exits its stderr pipe normally closes at once; a
 * descendant that escaped the process group (setsid) could hold it open, so
 * the result does not wait longer than this for the last bytes.
 */
const CLOSE_GRACE_MS = 200;

/**
 * Runs argv without a shell in its own process group; passes on exit 0. On
 * timeout or abort — and after it exits, for anything it left running — the
 * whole group is SIGKILLed, so a check never leaves a process behind.
 */
export function execCheck(argv: string[], options: CheckOptions): Promise<CheckResult> {
  const [command, ...args] = argv;
  if (command === undefined || command === '') return Promise.resolve(fail('empty command'));
  if (options.signal?.aborted) return Promise.resolve(STOPPED);

  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      shell: false,
      detached: true, // own process group, so the kill reaches its children too
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: options.cwd,
      env: options.env,
    });
  } catch (err) {
    // Invalid arguments (e.g. a NUL byte) throw synchronously.
    return Promise.resolve(fail(errorText(err)));
  }

  return new Promise((resolve) => {
    let settled = false;
    let tail = Buffer.alloc(0);
    let exitResult: CheckResult | null = null;
    let grace: NodeJS.Timeout | undefined;

    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const finish = (result: CheckResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      child.stderr?.destroy();
      resolve(result);
    };
    const onAbort = (): void => {
      killGroup();
      finish(STOPPED);
    };

    const timer = setTimeout(() => {
      killGroup();
      finish(timedOut(options.timeoutMs));
    }, options.timeoutMs);
    timer.unref();

    child.stderr?.on('data', (chunk: Buffer) => {
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > STDERR_TAIL) tail = tail.subarray(tail.length - STDERR_TAIL);
    });
    child.on('error', (err) => {
      killGroup();
      finish(fail(errorText(err)));
    });
    child.on('exit', (code, signal) => {
      // The leader is gone; anything it started in its group goes with it.
      killGroup();
      exitResult = code === 0 ? PASS : fail(describeExit(code, signal));
      grace = setTimeout(() => finishExited(), CLOSE_GRACE_MS);
      grace.unref();
    });
    child.on('close', () => finishExited());

    function finishExited(): void {
      if (exitResult === null) return;
      if (exitResult.ok) return finish(exitResult);
      const line = lastLine(tail);
      finish(line ? fail(`${exitResult.error} (${line})`) : exitResult);
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  return `exit status ${code ?? 'unknown'}`;
}

/** The last non-empty line of what stderr said, cleaned for display. */
function lastLine(tail: Buffer): string {
  const lines = tail.toString('utf8').split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = cleanText(lines[i] ?? '');
    if (line) return line;
  }
  return '';
}
