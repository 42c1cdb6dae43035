import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useDetails } from '../hooks/use-details.js';
import { useStore } from '../hooks/use-store.js';
import type { PaneLine } from '../model/details-lines.js';
import { programDetailsLines } from '../model/program-details-lines.js';
import { dimTint } from '../model/theme.js';
import { useView } from '../view-context.js';
import { PaneLines } from './PaneLines.js';

export interface ProgramDetailsPaneProps {
  program: string;
  height: number;
  width: number;
  now: number;
}

/** A program of several processes (enter on its row): command, workers, bind, readiness, restarts, each process. */
export function ProgramDetailsPane({ program, height, width, now }: ProgramDetailsPaneProps) {
  const { session, color } = useView();
  const snapshot = useStore(session.processes);
  const info = useStore(session.info);
  const processes = useMemo(() => snapshot.processes.filter((p) => p.program === program), [snapshot, program]);
  // cwd, user and environment are the program's, the same in each process: the first one's details tell them.
  const first = processes.find((p) => !p.scaledToZero);
  const details = useDetails(session.api, first?.name ?? null, first);
  let lines: PaneLine[];
  if (processes.length === 0 && snapshot.loaded) lines = [{ text: `${program} is gone (removed from the config)`, tone: 'heading' }];
  else {
    const summary = info?.programs.find((p) => p.name === program) ?? null;
    const facts = { program, summary, processes, first: details.kind === 'ready' ? details.details : null };
    lines = programDetailsLines(facts, width, height - 1, now);
  }
  return (
    <Box flexDirection="column" height={height}>
      <PaneLines lines={lines} color={color} />
      <Text {...dimTint(color)}>enter or esc: back to the list</Text>
    </Box>
  );
}
