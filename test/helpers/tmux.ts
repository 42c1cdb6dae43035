import { spawnSync } from 'node:child_process';
import { waitFor } from './wait-for.js';

let sessions = 0;

/**
 * A real terminal for the view's tests: a private tmux server (its own
 * socket name, no user config) with one pane running a command. The screen is
 * read with capture-pane; keys go in with send-keys. kill() ends the server
 * and with it the pane's terminal, as an SSH drop would.
 */
export class TmuxSession {
  private readonly server = `drover-test-${process.pid}-${++sessions}`;

  constructor(command: string, options: { cwd: string; width?: number; height?: number; env?: Record<string, string> }) {
    const env = Object.entries(options.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    // remain-on-exit keeps the pane (and what it shows) after the command exits, so a test can read the
    // restored screen; set before the session exists, or a command that ends at once takes the server with it.
    this.tmux([
      'start-server',
      ';',
      'set-option',
      '-g',
      'remain-on-exit',
      'on',
      ';',
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(options.width ?? 80),
      '-y',
      String(options.height ?? 24),
      '-c',
      options.cwd,
      ...env,
      command,
    ]);
  }

  static available(): boolean {
    return spawnSync('tmux', ['-V']).status === 0;
  }

  tmux(args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.server, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error?.message}`);
    return r.stdout;
  }

  /** The visible screen, one string per row. */
  screen(): string[] {
    return this.tmux(['capture-pane', '-p', '-t', 'main']).replace(/\n$/, '').split('\n');
  }

  text(): string {
    return this.screen().join('\n');
  }

  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'main', ...keys]);
  }

  /** Types text literally (no key-name lookup). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', 'main', '-l', text]);
  }

  resize(width: number, height: number): void {
    this.tmux(['resize-window', '-t', 'main', '-x', String(width), '-y', String(height)]);
  }

  /** A pane format variable: pane_dead, alternate_on, pane_pid, pane_width… */
  format(name: string): string {
    return this.tmux(['display-message', '-p', '-t', 'main', `#{${name}}`]).trim();
  }

  async waitForText(what: string, check: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
    try {
      return await waitFor(
        what,
        () => {
          const text = this.text();
          return check(text) ? text : null;
        },
        timeoutMs,
        50,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\nscreen:\n${this.text()}`, { cause: err });
    }
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.server, 'kill-server']);
  }
}
