import { useEffect } from 'react';
import type { ViewSession } from '../session/view-session.js';

/** Holding j through a list would otherwise open and close a stream per row passed. */
const FOLLOW_DELAY_MS = 150;

/** Keeps the session's log stream on `target` (null: none), settling on a target before following it. */
export function useLogFollow(session: ViewSession, target: string | null): void {
  useEffect(() => {
    if (target === null) {
      session.follow(null);
      return;
    }
    const timer = setTimeout(() => session.follow(target), FOLLOW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [session, target]);
  // Closing the view (or the pane) stops following.
  useEffect(() => () => session.follow(null), [session]);
}
