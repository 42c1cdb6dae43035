import path from 'node:path';
import type { Side } from '../harness/case-types.js';

/** The signal-recorder fixture's command line, recording into the side's signals.log. */
export function recorder(options = ''): string {
  return `{fixtures}/signal-recorder.py {dir}/signals.log${options ? ` ${options}` : ''}`;
}

export function signalFile(side: Side): string {
  return path.join(side.dir, 'signals.log');
}

/** A program that runs until stopped; a stop signal to its group also ends its `sleep`. */
export const SLEEPER = '{fixtures}/exit-with.sh 0 1000';
