import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ActionResult, SupervisorApi } from '../../api/supervisor-api.js';
import { describeFailure, describeResults, type StatusMessage } from '../model/describe-results.js';
import { disarmCtrlC, handleKey, type KeyContext, type KeyPress } from '../model/handle-key.js';
import { CTRL_C_WINDOW_MS, INITIAL_VIEW_STATE, type ViewEffect, type ViewExit, type ViewState } from '../model/view-state.js';
import { useKeyInput } from './use-key-input.js';
import { useStatusLine } from './use-status-line.js';

export interface ViewController {
  state: ViewState;
  status: StatusMessage | null;
  /** Puts a message on the status line (the supervisor's own warnings). */
  showStatus: (message: StatusMessage) => void;
}

/**
 * Keys in, effects out: feeds every key to `handleKey` and carries out what it
 * asks (API calls reported on the status line, exits). The state lives in a
 * ref as well as in React: two keys in one chunk ("qd") must see each other.
 * Keys come from useKeyInput one press each, however the terminal grouped them.
 */
export function useViewController(api: SupervisorApi, onExit: (exit: ViewExit) => void, context: RefObject<KeyContext>, loadOlderLogs: () => Promise<string>): ViewController {
  const [state, setState] = useState(INITIAL_VIEW_STATE);
  const current = useRef(state);
  const [status, showStatus] = useStatusLine();
  const disarmTimer = useRef<NodeJS.Timeout | null>(null);

  const update = useCallback((next: ViewState) => {
    current.current = next;
    setState(next);
  }, []);

  const report = useCallback(
    (what: string, call: () => Promise<ActionResult[]>) => {
      showStatus({ text: `${what}…`, tone: 'pending' });
      call().then(
        (results) => showStatus(describeResults(what, results)),
        (error: unknown) => showStatus(describeFailure(what, error)),
      );
    },
    [showStatus],
  );

  const run = useCallback(
    (effect: ViewEffect) => {
      switch (effect.kind) {
        case 'action':
          return report(`${effect.verb} ${effect.target}`, () => api[effect.verb]([effect.target]));
        case 'scale':
          return report(`scale ${effect.program} ${effect.count}`, () => api.scale(effect.program, effect.count));
        case 'notice':
          return showStatus({ text: effect.text, tone: 'info' });
        case 'log-older':
          void loadOlderLogs().then((text) => showStatus({ text, tone: 'info' }));
          return;
        case 'exit':
          return onExit({ reason: effect.reason });
        case 'arm-ctrl-c':
          showStatus({ text: 'press Ctrl-C again to quit', tone: 'info' }, CTRL_C_WINDOW_MS);
          if (disarmTimer.current) clearTimeout(disarmTimer.current);
          disarmTimer.current = setTimeout(() => update(disarmCtrlC(current.current)), CTRL_C_WINDOW_MS);
          return;
      }
    },
    [api, onExit, report, showStatus, update, loadOlderLogs],
  );

  // Keys of one chunk wait their turn: after a key that changed the state, the next one
  // waits for the render, whose rows (filtered, sorted, folded) it acts on.
  const queue = useRef<KeyPress[]>([]);
  const awaitingRender = useRef(false);
  const draining = useRef(false);
  const drain = useCallback(() => {
    // An effect can render synchronously and come back here; the loop already running goes on.
    if (draining.current) return;
    draining.current = true;
    try {
      while (!awaitingRender.current && queue.current.length > 0) {
        const outcome = handleKey(current.current, queue.current.shift()!, context.current);
        if (outcome.state !== current.current) {
          awaitingRender.current = queue.current.length > 0;
          update(outcome.state);
        }
        for (const effect of outcome.effects) run(effect);
      }
    } finally {
      draining.current = false;
    }
  }, [context, run, update]);
  useEffect(() => {
    awaitingRender.current = false;
    drain();
  }, [state, drain]);
  const onKeys = useCallback(
    (presses: KeyPress[]) => {
      queue.current.push(...presses);
      drain();
    },
    [drain],
  );
  useKeyInput(onKeys);

  useEffect(
    () => () => {
      if (disarmTimer.current) clearTimeout(disarmTimer.current);
    },
    [],
  );

  return { state, status, showStatus };
}
