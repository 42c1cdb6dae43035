import { createContext, useContext } from 'react';
import type { ViewSession } from './session/view-session.js';
import type { ViewMode } from './model/view-state.js';

/** What every component may reach: the session (stores and api) and how to draw. */
export interface ViewContextValue {
  session: ViewSession;
  mode: ViewMode;
  /** The config path given on the command line, until info() says better. */
  configFile: string;
  /** False under NO_COLOR: no colour anywhere; the selection stays visible by inverse video. */
  color: boolean;
}

export const ViewContext = createContext<ViewContextValue | null>(null);

export function useView(): ViewContextValue {
  const value = useContext(ViewContext);
  if (!value) throw new Error('useView() outside <ViewContext.Provider>: render the view through <App>');
  return value;
}
