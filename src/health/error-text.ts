/**
 * Error text that goes into logs and the TUI. It may come from a probed
 * process (stderr) or a remote peer, so it is untrusted: control characters
 * are replaced (no terminal escapes, no fake log lines) and the length capped.
 */
const MAX_TEXT = 300;

export function cleanText(text: string, max = MAX_TEXT): string {
  // C0 and C1 controls, including ESC and CR: nothing a peer sends may drive the terminal or split a log line.
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Node reports a refused connection to a name with several addresses (e.g.
 * localhost → ::1 and 127.0.0.1) as an AggregateError whose own message is
 * empty; the useful text is in the inner errors.
 */
export function errorText(err: unknown): string {
  if (err instanceof AggregateError && !err.message) {
    const inner = err.errors.map((e) => errorText(e)).filter(Boolean);
    if (inner.length > 0) return cleanText([...new Set(inner)].join('; '));
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return cleanText(err.message || code || err.name);
  }
  return cleanText(String(err));
}
