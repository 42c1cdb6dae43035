import { CTL_VERBS } from '../api/verbs.js';
import { didYouMean } from '../text/did-you-mean.js';

/** drover's own commands, the words main.ts dispatches on (`help` is `--help`'s spelling as a word). */
export const COMMANDS: readonly string[] = ['attach', 'check', 'ctl', 'export', 'help', 'import', 'init'];

export function isCommand(word: string): boolean {
  return COMMANDS.includes(word);
}

/**
 * One line for a first word drover does not know: `argv[at]`. The commonest is
 * a ctl verb typed as drover's own (`drover status`, as with supervisorctl),
 * so a verb, or a near miss of one, gets the whole ctl command line to copy; a
 * near miss of a drover command gets that command.
 */
export function describeUnknownCommand(argv: readonly string[], at: number): string {
  const word = argv[at]!;
  const unknown = `unknown command ${JSON.stringify(word)}`;
  const meaning = (replacement: string[]) => `${unknown}; did you mean ${JSON.stringify(commandLine([...argv.slice(0, at), ...replacement, ...argv.slice(at + 1)]))}?`;
  const command = didYouMean(word, COMMANDS);
  if (command !== undefined) return meaning([command]);
  const verb = (CTL_VERBS as readonly string[]).includes(word) ? word : didYouMean(word, CTL_VERBS);
  if (verb !== undefined) return meaning(['ctl', verb]);
  return `${unknown} (drover --help lists the commands)`;
}

/** `drover …` as a user would type it: a word the shell would split or expand is single-quoted. */
function commandLine(words: readonly string[]): string {
  return ['drover', ...words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`))].join(' ');
}
