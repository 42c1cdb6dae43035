/**
 * Shell globs (`*`, `?`, `[abc]`, `[a-z]`, `[!abc]`) matched without regular
 * expressions. Patterns come from clients of the control socket (program
 * names) and from the config file (each segment of a watched path, see
 * watch/path-glob.ts); a glob turned into a backtracking RegExp (`*a*a*a…b`) can take
 * minutes on a short name and freeze the supervisor. This matcher backtracks
 * only to the last `*`, so it is O(pattern × name) whatever the input.
 */

type Token = { kind: 'star' } | { kind: 'one'; test: (ch: string) => boolean };

function classTest(body: string): (ch: string) => boolean {
  const negate = body.startsWith('!');
  const items = negate ? body.slice(1) : body;
  const ranges: [string, string][] = [];
  for (let i = 0; i < items.length; i++) {
    if (items[i + 1] === '-' && i + 2 < items.length) {
      ranges.push([items[i]!, items[i + 2]!]);
      i += 2;
    } else ranges.push([items[i]!, items[i]!]);
  }
  return (ch) => ranges.some(([lo, hi]) => ch >= lo && ch <= hi) !== negate;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'one', test: () => true });
    } else if (ch === '[' && glob.indexOf(']', i + 2) > 0) {
      // As in the shell, a `]` right after `[` (or `[!`) is part of the set.
      const end = glob.indexOf(']', i + 2);
      tokens.push({ kind: 'one', test: classTest(glob.slice(i + 1, end)) });
      i = end;
    } else {
      tokens.push({ kind: 'one', test: (c) => c === ch });
    }
  }
  return tokens;
}

export function globMatcher(glob: string): (text: string) => boolean {
  const tokens = tokenize(glob);
  return (text) => matchWildcards(tokens, text);
}

/**
 * A run of `{kind:'star'}` (any number of items) and `{kind:'one'}` (one item
 * that passes its test) matched against items: characters of a name here,
 * segments of a path in path-glob.ts. On a mismatch it lets only the last star
 * swallow one more item, so it is O(tokens × items) whatever the input.
 */
export function matchWildcards<Item>(tokens: ReadonlyArray<{ kind: 'star' } | { kind: 'one'; test: (item: Item) => boolean }>, items: ArrayLike<Item>): boolean {
  let t = 0;
  let s = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (s < items.length) {
    const token = tokens[t];
    if (token?.kind === 'one' && token.test(items[s]!)) {
      t++;
      s++;
    } else if (token?.kind === 'star') {
      starAt = t++;
      resumeAt = s;
    } else if (starAt >= 0) {
      t = starAt + 1;
      s = ++resumeAt;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

export const hasGlob = (text: string): boolean => /[*?[]/.test(text);
