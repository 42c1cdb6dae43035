import { Box, Text } from 'ink';
import { useStore } from '../hooks/use-store.js';
import { truncate } from '../model/format.js';
import { logPaneLines } from '../model/log-lines.js';
import { useView } from '../view-context.js';

export interface LogPaneProps {
  /** Lines, the title included. */
  height: number;
  width: number;
}

/** The followed process's latest output under the list (`l`). */
export function LogPane({ height, width }: LogPaneProps) {
  const { session, color } = useView();
  const snapshot = useStore(session.logs);
  const lines = logPaneLines(snapshot, height - 1, width);
  const title =
    snapshot.target === null
      ? 'log: select a program or a process to follow its output'
      : `log ${snapshot.target}${snapshot.error ? `: ${snapshot.error}` : lines.length === 0 ? ' (no output yet)' : ''}`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold inverse={color} wrap="truncate">
        {truncate(title, width).padEnd(width)}
      </Text>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate" {...(line.stderr && color ? { color: 'red' } : {})}>
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
