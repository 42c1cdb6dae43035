import { Box, Text } from 'ink';
import { useDetails } from '../hooks/use-details.js';
import { useStore } from '../hooks/use-store.js';
import { detailsLines, type PaneLine } from '../model/details-lines.js';
import { dimTint } from '../model/theme.js';
import { useView } from '../view-context.js';
import { PaneLines } from './PaneLines.js';

export interface DetailsPaneProps {
  /** The process's name, `group:process`. */
  name: string;
  height: number;
  width: number;
  now: number;
}

/** Everything about one process (enter): command, env, tree, exits, cpu and memory history. */
export function DetailsPane({ name, height, width, now }: DetailsPaneProps) {
  const { session, color } = useView();
  const processes = useStore(session.processes);
  // Re-read the history whenever a sample arrives.
  useStore(session.stats);
  const process = processes.byName.get(name);
  const details = useDetails(session.api, name, process);
  let lines: PaneLine[];
  if (!process && processes.loaded) lines = [{ text: `${name} is gone (removed from the config)`, tone: 'heading' }];
  else if (details.kind === 'loading') lines = [{ text: `${name}: loading details…`, tone: 'heading' }];
  else if (details.kind === 'failed') lines = [{ text: `${name}: ${details.message}`, tone: 'heading' }];
  else lines = detailsLines(details.details, session.stats.history(name, width), width, height - 1, now);
  return (
    <Box flexDirection="column" height={height}>
      <PaneLines lines={lines} color={color} />
      <Text {...dimTint(color)}>enter or esc: back to the list</Text>
    </Box>
  );
}
