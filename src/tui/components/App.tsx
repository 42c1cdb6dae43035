import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useLogFollow } from '../hooks/use-log-follow.js';
import { useNow } from '../hooks/use-now.js';
import { useStore } from '../hooks/use-store.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useViewController } from '../hooks/use-view-controller.js';
import type { ProgramSummary } from '../../api/supervisor-api.js';
import type { KeyContext } from '../model/handle-key.js';
import { MIN_TERMINAL, screenLayout } from '../model/layout.js';
import { buildRows } from '../model/rows.js';
import { followTarget } from '../model/targets.js';
import type { ViewExit, ViewMode } from '../model/view-state.js';
import { resolveSelection } from '../model/window.js';
import type { ViewSession } from '../session/view-session.js';
import { useView, ViewContext, type ViewContextValue } from '../view-context.js';
import { DetailsPane } from './DetailsPane.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { LogPane } from './LogPane.js';
import { ProcessList } from './ProcessList.js';
import { ProgramDetailsPane } from './ProgramDetailsPane.js';
import { QuitDialog } from './QuitDialog.js';
import { StatusLine } from './StatusLine.js';

export interface AppProps {
  /** The stores and the api; started (or being started) by the caller. */
  session: ViewSession;
  mode: ViewMode;
  /** The config path, for the header and the quit hint until info() answers. */
  configFile: string;
  /** False: no colour at all (NO_COLOR). */
  color: boolean;
  /** Called once the user chose to leave; the caller unmounts the view. */
  onExit: (exit: ViewExit) => void;
}

/** The whole view: header, list (or a panel), status line, footer. */
export function App({ session, mode, configFile, color, onExit }: AppProps) {
  const value = useMemo<ViewContextValue>(() => ({ session, mode, configFile, color }), [session, mode, configFile, color]);
  return (
    <ViewContext.Provider value={value}>
      <Screen onExit={onExit} />
    </ViewContext.Provider>
  );
}

/** Uptimes move on by the second; rows whose text did not change are not redrawn. */
const CLOCK_TICK_MS = 1000;

function Screen({ onExit }: { onExit: (exit: ViewExit) => void }) {
  const { session, mode, configFile, color } = useView();
  const size = useTerminalSize();
  const processes = useStore(session.processes);
  const stats = useStore(session.stats);
  const info = useStore(session.info);
  const now = useNow(CLOCK_TICK_MS, stats.at);
  const keyContext = useRef<KeyContext>({ rows: [], pageSize: 1, mode });
  const loadOlderLogs = useCallback(() => session.loadOlderLogs(), [session]);
  const { state, status, showStatus } = useViewController(session.api, onExit, keyContext, loadOlderLogs);
  const notice = useStore(session.notices);
  useEffect(() => {
    // Something went wrong on its own (a liveness restart, a limit hit): shown like a failed action.
    if (notice) showStatus({ text: notice.message, tone: 'error' });
  }, [notice, showStatus]);
  const layout = screenLayout(size.rows, size.columns, state.logPane);
  const programs = useMemo(() => new Map((info?.programs ?? []).map((program) => [program.name, program])), [info]);
  const rows = useMemo(
    () => buildRows(processes.processes, stats.usage, { filter: state.filter, collapsed: state.collapsed, sort: state.sort, now, programs }),
    [processes, stats, state.filter, state.collapsed, state.sort, now, programs],
  );
  const selected = resolveSelection(rows, state.selectedKey, state.selectedIndex);
  // Full screen only while the log viewer has the keyboard: the list's keys would act on rows not shown.
  const logFullScreen = state.logPane && state.log.fullScreen && state.focus.kind === 'log';
  // As if open: a key that opens the pane and the keys after it in the same chunk see the pane's size.
  const logHeight = logFullScreen ? layout.bodyHeight : screenLayout(size.rows, size.columns, true).logHeight;
  const logs = session.logs;
  // Read when a key comes, not at render: the log moves on between renders.
  const logContext = {
    get snapshot() {
      return logs.getSnapshot();
    },
    height: logHeight - 1,
  };
  keyContext.current = { rows, pageSize: layout.listRows, mode, log: logContext };
  const selectedRow = rows[selected];
  useLogFollow(session, state.logPane && selectedRow ? followTarget(selectedRow) : null);

  if (layout.tooSmall) return <Text>{`terminal too small (needs ${MIN_TERMINAL.columns}×${MIN_TERMINAL.rows})`}</Text>;

  let body: ReactNode;
  if (state.focus.kind === 'details') {
    body = <DetailsPane name={state.focus.name} height={layout.bodyHeight} width={layout.width} now={now} />;
  } else if (state.focus.kind === 'program-details') {
    body = <ProgramDetailsPane program={state.focus.program} height={layout.bodyHeight} width={layout.width} now={now} />;
  } else if (state.focus.kind === 'help') {
    body = <HelpOverlay height={layout.bodyHeight} color={color} />;
  } else if (state.focus.kind === 'quit') {
    body = <QuitDialog mode={mode} configFile={info?.configFile || configFile} height={layout.bodyHeight} color={color} />;
  } else if (logFullScreen) {
    body = <LogPane height={logHeight} width={layout.width} view={state.log} focused />;
  } else {
    const emptyText = processes.loaded ? `No programs yet. Add one to ${info?.configFile || configFile} and run \`drover ctl update\`.` : 'Connecting to the supervisor…';
    body = (
      <>
        <ProcessList
          rows={rows}
          selected={selected}
          height={layout.listRows}
          width={layout.width}
          sort={state.sort}
          filter={state.filter}
          color={color}
          emptyText={emptyText}
          portColumn={hasPortColumn(programs)}
        />
        {state.logPane ? <LogPane height={logHeight} width={layout.width} view={state.log} focused={state.focus.kind === 'log'} /> : null}
      </>
    );
  }

  return (
    <Box flexDirection="column" width={layout.width} height={layout.rootHeight}>
      <Header info={info} configFile={configFile} processes={processes} stats={stats} now={now} width={layout.width} color={color} />
      <Box flexDirection="column" height={layout.bodyHeight} overflow="hidden">
        {body}
      </Box>
      <StatusLine focus={state.focus} filter={state.filter} status={status} color={color} />
      <Footer width={layout.width} color={color} />
    </Box>
  );
}

function hasPortColumn(programs: ReadonlyMap<string, ProgramSummary>): boolean {
  for (const program of programs.values()) if (program.bind.length > 0 || program.readiness !== null) return true;
  return false;
}
