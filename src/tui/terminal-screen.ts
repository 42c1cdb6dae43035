/**
 * The terminal modes the view changes, and their undoing. The view draws on
 * the alternate screen so the shell's scrollback is left as it was; whatever
 * way the view ends (quit, crash, signal), the caller's terminal must come
 * back usable: main screen, visible cursor, cooked input, no bracketed paste.
 */

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';
const CLEAR_SCREEN = '\u001B[2J\u001B[H';
/** The terminal marks pasted text, so the view can take it as text and not as keys. */
const ENABLE_BRACKETED_PASTE = '\u001B[?2004h';
/** Left on, a shell without support for it would show the markers around every paste. */
const DISABLE_BRACKETED_PASTE = '\u001B[?2004l';

/** Streams currently showing the alternate screen: restoring twice writes once. */
const onAlternateScreen = new WeakSet<NodeJS.WritableStream>();

export function enterAlternateScreen(stdout: NodeJS.WriteStream): void {
  if (onAlternateScreen.has(stdout)) return;
  onAlternateScreen.add(stdout);
  safeWrite(stdout, ENTER_ALTERNATE_SCREEN + CLEAR_SCREEN + HIDE_CURSOR + ENABLE_BRACKETED_PASTE);
}

/**
 * Turns bracketed paste off, leaves the alternate screen, shows the cursor
 * and turns raw mode off.
 * Idempotent, and safe from an exit or signal handler: a stream the view did
 * not take over is left alone, and a terminal that went away is ignored.
 */
export function restoreTerminal(stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): void {
  if (onAlternateScreen.has(stdout)) {
    onAlternateScreen.delete(stdout);
    safeWrite(stdout, DISABLE_BRACKETED_PASTE + LEAVE_ALTERNATE_SCREEN + SHOW_CURSOR);
  }
  try {
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
  } catch {
    // The terminal is gone (SIGHUP): there is no mode left to restore.
  }
}

function safeWrite(stdout: NodeJS.WriteStream, text: string): void {
  try {
    if (!stdout.destroyed && stdout.writable !== false) stdout.write(text);
  } catch {
    // EIO/EPIPE after the terminal went away: nothing to restore on it.
  }
}
