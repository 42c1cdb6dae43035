import { Box, Text } from 'ink';
import { useStore } from '../hooks/use-store.js';
import { truncate } from '../model/format.js';
import { logPaneLines, type LogPaneLine, type LogPaneView } from '../model/log-lines.js';
import type { LogViewState } from '../model/log-view.js';
import type { LogSnapshot } from '../stores/log-store.js';
import { useView } from '../view-context.js';

export interface LogPaneProps {
  /** Lines, the title included. */
  height: number;
  width: number;
  view: LogViewState;
  /** The log viewer has the keyboard (tab): the title says its keys. */
  focused: boolean;
}

const FOCUSED_HINT = '/ search  n N  p pause  t time  f full  tab list';

/** The followed output: under the list (`l`), or the whole body (`f`). */
export function LogPane({ height, width, view, focused }: LogPaneProps) {
  const { session, color } = useView();
  const snapshot = useStore(session.logs);
  const shown = logPaneLines(snapshot, view, height - 1, width);
  return (
    <Box flexDirection="column" height={height}>
      {view.searchInput !== null ? (
        <Text wrap="truncate">
          <Text bold>{`/${view.searchInput}`}</Text>
          <Text inverse> </Text>
          <Text dimColor={color}>{'  enter searches, esc cancels'}</Text>
        </Text>
      ) : (
        <Text bold inverse={color} wrap="truncate">
          {titleLine(snapshot, shown, view, focused, width)}
        </Text>
      )}
      {shown.lines.map((line) => (
        <PaneLine key={line.key} line={line} color={color} />
      ))}
    </Box>
  );
}

function PaneLine({ line, color }: { line: LogPaneLine; color: boolean }) {
  const tint = line.stderr && color ? { color: 'red' } : {};
  return (
    <Text wrap="truncate" {...tint} {...(line.fromFile && color ? { dimColor: true } : {})} inverse={line.current}>
      {line.prefix}
      {line.parts.map((part, i) =>
        part.match ? (
          // Underlined as well as coloured: a match must stand out without colour too.
          <Text key={i} bold underline {...(color ? { color: 'yellow' } : {})}>
            {part.text}
          </Text>
        ) : (
          part.text
        ),
      )}
    </Text>
  );
}

function titleLine(snapshot: LogSnapshot, shown: LogPaneView, view: LogViewState, focused: boolean, width: number): string {
  if (snapshot.target === null) return truncate('log: select a program or a process to follow its output', width).padEnd(width);
  const facts = [`log ${snapshot.target}`];
  if (snapshot.error) facts.push(snapshot.error);
  else if (snapshot.lines.length === 0) facts.push('(no output yet)');
  if (shown.paused) facts.push(`paused${shown.newLines > 0 ? `, +${shown.newLines} new` : ''} (p follows)`);
  if (view.search !== '') facts.push(`search "${view.search}"`);
  const title = facts.join(' · ');
  const hint = focused ? FOCUSED_HINT : 'tab: log viewer';
  const line = title.length + hint.length + 2 <= width ? `${title}${' '.repeat(width - title.length - hint.length)}${hint}` : title;
  return truncate(line, width).padEnd(width);
}
