import { commandHasShellSyntax, unsplittableCommand } from './import-messages.js';
import { expandPercent, type ExpansionScope } from './percent-expansion.js';
import { renderSegments } from './render-value.js';
import { shlexSplit } from './shlex-split.js';

export type CommandResult =
  | {
      ok: true;
      /** The words, in programs.yaml's escaping (`$$`, `%%`), as drover will split them. */
      argv: string[];
      /** The text as converted; written as is when drover splits it the same way. */
      text: string;
      notes: string[];
    }
  | { ok: false; message: string };

// What a shell would act on but supervisord passes to the program as text.
const SHELL_SYNTAX = /^(?:\||\|\||&&|;|>|>>|<|2>&1|&)$|^[0-9]?>[>&]?\S|^<\S|`/;

/**
 * A supervisord `command`: its `%(…)` expansions turned into drover's forms,
 * then split as supervisord splits it (shlex, after expansion). Words that a
 * shell would treat as operators are kept as the plain arguments supervisord
 * passed, with a note, since drover refuses them in a command string.
 */
export function readCommand(value: string, scope: ExpansionScope): CommandResult {
  const expansion = expandPercent(value, scope);
  if (expansion.failure !== null) return { ok: false, message: expansion.failure };
  const text = renderSegments(expansion.segments, 'template');
  const split = shlexSplit(text);
  if (!split.ok) return { ok: false, message: unsplittableCommand(split.message) };
  if (split.value.length === 0) return { ok: false, message: unsplittableCommand('it is empty') };
  const notes = [...expansion.notes];
  const operator = split.value.find((word) => SHELL_SYNTAX.test(word));
  if (operator !== undefined) notes.push(commandHasShellSyntax(operator, split.value));
  return { ok: true, argv: split.value, text, notes };
}
