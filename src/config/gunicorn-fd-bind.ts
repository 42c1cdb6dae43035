import path from 'node:path';
import { splitCommand } from './split-command.js';

/** Where a command names, to gunicorn, an inherited socket with `-b fd://…`. */
export interface GunicornFdBind {
  /** The command word that holds it (the `-b`, or the whole `sh -c` string). */
  word: number;
  /** The option as written: `-b fd://{fd}`, `--bind=fd://3`, … */
  written: string;
  /** The command without it, when it sits in the command's own words; null inside a shell string. */
  instead: string[] | null;
}

const GUNICORN = /^gunicorn[0-9.]*$/;
const FD_ADDRESS = /^fd:\/\//i;

/**
 * Finds `-b fd://…` / `--bind fd://…` / `--bind=fd://…` / `-bfd://…` after a
 * gunicorn in a command, or in a shell string of it (`sh -c 'exec gunicorn …'`),
 * or null.
 */
export function findGunicornFdBind(argv: readonly string[]): GunicornFdBind | null {
  const direct = findIn(argv);
  if (direct !== null) return { word: direct.start, written: direct.written, instead: [...argv.slice(0, direct.start), ...argv.slice(direct.end)] };
  for (const [word, text] of argv.entries()) {
    if (!/\s/.test(text)) continue;
    const split = splitCommand(text);
    const inShell = findIn(split.ok ? split.value : text.split(/\s+/));
    if (inShell !== null) return { word, written: inShell.written, instead: null };
  }
  return null;
}

/** The words [start, end) of the fd:// bind that follows a gunicorn word. */
function findIn(words: readonly string[]): { start: number; end: number; written: string } | null {
  const at = words.findIndex((word) => GUNICORN.test(path.basename(word)));
  if (at === -1) return null;
  for (let i = at + 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') break;
    const next = words[i + 1] ?? '';
    if ((word === '-b' || word === '--bind') && FD_ADDRESS.test(next)) return { start: i, end: i + 2, written: `${word} ${next}` };
    if (word.startsWith('--bind=') && FD_ADDRESS.test(word.slice('--bind='.length))) return { start: i, end: i + 1, written: word };
    if (word.startsWith('-b') && !word.startsWith('--') && FD_ADDRESS.test(word.slice(2))) return { start: i, end: i + 1, written: word };
  }
  return null;
}
