import { render } from 'ink-testing-library';
import type { SupervisorApi } from '../../src/api/supervisor-api.js';
import { App } from '../../src/tui/components/App.js';
import type { ViewExit, ViewMode } from '../../src/tui/model/view-state.js';
import { ViewSession } from '../../src/tui/session/view-session.js';
import type { FakeApi } from '../helpers/fake-api.js';
import { waitFor } from '../helpers/wait-for.js';

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

export interface RenderedView<Api extends SupervisorApi = FakeApi> {
  api: Api;
  session: ViewSession;
  /** Every exit the view asked for, in order. */
  exits: ViewExit[];
  /** The last frame without colour codes. */
  frame(): string;
  /** The last frame as written, colour codes and all. */
  rawFrame(): string;
  /** Types keys, one write each (as a terminal sends them). */
  press(...keys: string[]): Promise<void>;
  /** Waits until the last frame passes `check`; the error names `what` and shows the frame. */
  waitForFrame(what: string, check: (frame: string) => boolean): Promise<string>;
  /** Waits until the frame contains `text`. */
  waitForText(text: string): Promise<string>;
  resize(rows: number, columns?: number): void;
  unmount(): void;
}

export interface RenderOptions {
  mode?: ViewMode;
  color?: boolean;
  rows?: number;
  columns?: number;
}

/**
 * The view's <App> in ink-testing-library against a FakeApi (or a real
 * supervisor's api), started like
 * runView starts it, and waited on until the first snapshot is shown.
 */
export async function renderView<Api extends SupervisorApi = FakeApi>(api: Api, options: RenderOptions = {}): Promise<RenderedView<Api>> {
  // Notify at once: the tests poll frames rather than wait out a coalescing delay.
  const session = new ViewSession(api, 0);
  const exits: ViewExit[] = [];
  const view = render(<App session={session} mode={options.mode ?? 'embedded'} configFile="programs.yaml" color={options.color ?? true} onExit={(exit) => exits.push(exit)} />);
  const resize = (rows: number, columns?: number) => {
    Object.defineProperty(view.stdout, 'rows', { value: rows, configurable: true });
    if (columns !== undefined) Object.defineProperty(view.stdout, 'columns', { value: columns, configurable: true });
    view.stdout.emit('resize');
  };
  if (options.rows !== undefined || options.columns !== undefined) resize(options.rows ?? 24, options.columns);
  await session.start();
  const frame = () => (view.lastFrame() ?? '').replace(ANSI, '');
  const waitForFrame = async (what: string, check: (frame: string) => boolean) => {
    try {
      return await waitFor(what, () => (check(frame()) ? frame() : null), 5000, 10);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame()}`, { cause: error });
    }
  };
  return {
    api,
    session,
    exits,
    frame,
    rawFrame: () => view.lastFrame() ?? '',
    async press(...keys) {
      for (const key of keys) {
        view.stdin.write(key);
        // Ink reads input on 'readable' and flushes a lone escape on the next turn.
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    waitForFrame,
    waitForText: (text) => waitForFrame(`"${text}" on screen`, (f) => f.includes(text)),
    resize,
    unmount() {
      view.unmount();
      session.close();
    },
  };
}

/** The line of the frame that contains `text` (the first), or undefined. */
export function lineWith(frame: string, text: string): string | undefined {
  return frame.split('\n').find((line) => line.includes(text));
}

/** The selected row (the one with the › marker), the marker blanked so it reads like the others. */
export function selectedLine(frame: string): string | undefined {
  const line = frame.split('\n').find((l) => l.startsWith('› '));
  return line === undefined ? undefined : `  ${line.slice(2)}`;
}
