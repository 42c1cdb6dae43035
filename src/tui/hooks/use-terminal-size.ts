import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  rows: number;
  columns: number;
}

/** What a terminal without a size (a pipe, a test stream) is taken to be. */
const FALLBACK: TerminalSize = { rows: 24, columns: 80 };

/** The terminal's size, updated on resize. Reads Ink's stdout, so tests can give their own. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => measure(stdout));
  useEffect(() => {
    const update = () =>
      setSize((previous) => {
        const next = measure(stdout);
        return next.rows === previous.rows && next.columns === previous.columns ? previous : next;
      });
    update();
    stdout.on('resize', update);
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout]);
  return size;
}

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return { rows: stdout.rows || FALLBACK.rows, columns: stdout.columns || FALLBACK.columns };
}
