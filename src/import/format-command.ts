import { splitCommand } from '../config/index.js';

// A word drover's splitter reads back unchanged when written bare.
const BARE_WORD = /^[^\s'"\\|&;<>`]+$/;

/**
 * A command as programs.yaml shows it best: the text as the user wrote it
 * when drover splits it into the same words, else a space-joined string when
 * every word is plain, else a YAML list of the words (always exact).
 */
export function formatCommand(argv: readonly string[], written?: string): string | string[] {
  if (written !== undefined && !written.includes('\n') && sameWords(written, argv)) return written.trim();
  const joined = argv.join(' ');
  if (argv.every((word) => BARE_WORD.test(word) && !word.includes('$(')) && sameWords(joined, argv)) return joined;
  return [...argv];
}

function sameWords(text: string, argv: readonly string[]): boolean {
  const split = splitCommand(text);
  return split.ok && split.value.length === argv.length && split.value.every((word, i) => word === argv[i]);
}

/** Quotes a word for sh: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
