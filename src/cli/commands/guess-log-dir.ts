import { readFileSync } from 'node:fs';
import path from 'node:path';

/** `logdir:` on a line of its own, the key plain or quoted (YAML or JSON written one key a line). */
const LOGDIR_LINE = /^[ \t]*(["']?)logdir\1[ \t]*:[ \t]*(.*?)[ \t]*,?[ \t]*$/gm;
/** A value read as is: no interpolation, escapes, anchors, tags or flow syntax to interpret. */
const PLAIN_VALUE = /^(?:"([\w./ -]+)"|'([\w./ -]+)'|([\w./-]+))$/;

/**
 * The supervisor's log folder as the full parse will find it, read from the
 * config's text without the parser, so `drover --daemon` can start the
 * supervisor (whose stdout and stderr are that folder's drover.log) while it
 * parses. Only the simple cases are read: no `logdir` anywhere means the
 * default `logs`, and one `logdir:` line with a plain path; anything else is
 * null, and the supervisor starts after the parse. The launcher compares the
 * guess with the parse and starts over on a mismatch, so a wrong guess costs
 * time, never a wrong log.
 */
export function guessLogDir(configPath: string): string | null {
  const configFile = path.resolve(configPath);
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    return null; // the parse reports it
  }
  const mentions = text.split('logdir').length - 1;
  if (mentions === 0) return path.resolve(path.dirname(configFile), 'logs');
  const lines = [...text.matchAll(LOGDIR_LINE)];
  if (mentions !== 1 || lines.length !== 1) return null;
  const value = PLAIN_VALUE.exec(stripComment(lines[0]![2]!));
  if (value === null) return null;
  return path.resolve(path.dirname(configFile), value[1] ?? value[2] ?? value[3]!);
}

/** A YAML comment after the value (` # …`); a quoted value has none of its own here, as PLAIN_VALUE refuses `#` inside. */
function stripComment(value: string): string {
  const at = value.search(/[ \t]#/);
  return at < 0 ? value : value.slice(0, at).trimEnd();
}
