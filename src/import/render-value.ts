import type { Segment } from './percent-expansion.js';

/**
 * How a value is written in programs.yaml. drover reads every string value
 * twice: `${VAR}` interpolation when it loads the file (`$$` is a literal
 * `$`), and, for the options it expands per process, `%(key)s` templates (`%%`
 * is a literal `%`). Literal text is escaped for exactly the readings its
 * option gets, so it arrives unchanged.
 */
export type RenderMode = 'template' | 'plain';

export function renderSegments(segments: readonly Segment[], mode: RenderMode): string {
  const pieces = segments.map((segment) => {
    if (segment.kind === 'env') return { text: `\${${segment.name}}`, literal: false };
    if (segment.kind === 'template') return { text: segment.raw, literal: false };
    return { text: mode === 'template' ? segment.text.replaceAll('%', '%%') : segment.text, literal: true };
  });
  let out = '';
  pieces.forEach((piece, index) => {
    if (!piece.literal) {
      out += piece.text;
      return;
    }
    const following = pieces.slice(index + 1).find((next) => next.text !== '')?.text[0] ?? '';
    out += escapeDollars(piece.text, following);
  });
  return out;
}

/**
 * Doubles each `$` that interpolation would otherwise read: one followed by
 * `{` or by another `$` (a `$` before anything else is kept as it is, so
 * `$HOME` in a shell command stays readable). `following` is the first
 * character after this text in the whole value.
 */
export function escapeDollars(text: string, following = ''): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const next = i + 1 < text.length ? text[i + 1] : following;
    out += text[i] === '$' && (next === '{' || next === '$') ? '$$' : text[i];
  }
  return out;
}
