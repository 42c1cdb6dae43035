/**
 * Matches output lines against a log probe's pattern. Feeding is on the
 * supervisor's hot output path, so it is kept cheap: the RegExp is compiled
 * once, each line is tested on its own and only its first MAX_TESTED
 * characters (a huge line, or a pattern that backtracks badly, cannot stall
 * the event loop for long), and once a line has matched nothing more is
 * tested until the runner takes the match.
 */
const MAX_TESTED = 4096;

export class LogMatcher {
  private readonly regexp: RegExp | null;
  /** Why the pattern did not compile; every check then fails with it. */
  readonly compileError: string | null;
  private matched = false;

  constructor(readonly pattern: string) {
    let regexp: RegExp | null = null;
    let compileError: string | null = null;
    try {
      regexp = new RegExp(pattern);
    } catch (err) {
      compileError = `invalid pattern /${pattern}/: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.regexp = regexp;
    this.compileError = compileError;
  }

  feed(lines: readonly string[]): void {
    if (this.matched || this.regexp === null) return;
    for (const line of lines) {
      if (this.regexp.test(line.length > MAX_TESTED ? line.slice(0, MAX_TESTED) : line)) {
        this.matched = true;
        return;
      }
    }
  }

  /** Whether a line matched since the last reset. */
  get hasMatched(): boolean {
    return this.matched;
  }

  reset(): void {
    this.matched = false;
  }
}
