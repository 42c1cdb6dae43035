import { render, type Instance } from 'ink';
import { createElement } from 'react';
import type { SupervisorApi } from '../api/supervisor-api.js';
import { App } from './components/App.js';
import type { ViewExit, ViewMode } from './model/view-state.js';
import { ViewSession } from './session/view-session.js';
import { enterAlternateScreen, restoreTerminal } from './terminal-screen.js';

export type { ViewExit, ViewMode } from './model/view-state.js';
export { restoreTerminal } from './terminal-screen.js';

export interface ViewOptions {
  /** The only way to the supervisor: LocalApi embedded, SocketApi attached. */
  api: SupervisorApi;
  /** Decides what q and Ctrl-C offer. */
  mode: ViewMode;
  /** The config path, shown until the supervisor's info() answers. */
  configFile: string;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** False under NO_COLOR; default true. */
  color?: boolean;
  /** Ends the view (as a `detach`) when aborted: the host is shutting down, or its terminal went away. */
  signal?: AbortSignal;
}

/**
 * Runs the interactive view until the user leaves it or the supervisor goes
 * away, and says which. It stops nothing itself: on `stop-all` the caller
 * shuts the supervisor down, on `detach` it leaves it running. The terminal is
 * restored on every way out, a thrown error included.
 */
export async function runView(options: ViewOptions): Promise<ViewExit> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const session = new ViewSession(options.api);
  // The first way out wins; the others settle a promise already settled.
  let finish!: (exit: ViewExit) => void;
  let fail!: (error: Error) => void;
  const exited = new Promise<ViewExit>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const restore = () => restoreTerminal(stdout, stdin);
  // The host ends the view (shutting down, or SIGHUP: the terminal went away). Not a choice of
  // the user's, but the caller knows that: it aborted. An end of stdin is left to the host's
  // SIGHUP too, or the two would race and the end would read as "leave them running".
  const endedByHost = () => finish({ reason: 'detach' });
  // An exit nobody planned (process.exit elsewhere) still gets the terminal back.
  process.once('exit', restore);
  options.signal?.addEventListener('abort', endedByHost, { once: true });
  if (options.signal?.aborted) endedByHost();
  let instance: Instance | undefined;
  try {
    enterAlternateScreen(stdout);
    void session.gone.then((error) => finish({ reason: 'supervisor-gone', error }));
    session.start().catch((error: unknown) => finish({ reason: 'supervisor-gone', error: asError(error) }));
    const app = createElement(App, { session, mode: options.mode, configFile: options.configFile, color: options.color ?? true, onExit: finish });
    // Not incrementalRendering: Ink 6.8's line diff left stale lines on screen when the
    // header changed height (seen in tmux). A whole 80×24 frame is ~2 KB, at most 10 a second.
    instance = render(app, { stdout, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 10 });
    // Ink ends the app on its own only when rendering threw.
    instance.waitUntilExit().then(
      () => finish({ reason: 'detach' }),
      (error: unknown) => fail(asError(error)),
    );
    return await exited;
  } finally {
    options.signal?.removeEventListener('abort', endedByHost);
    instance?.unmount();
    session.close();
    restore();
    process.off('exit', restore);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
