import { Text } from 'ink';
import { memo } from 'react';
import type { ProcessState } from '../../api/process-state.js';
import { stateTint } from '../model/theme.js';

export interface ProcessRowProps {
  /** Marker and name (see rowCells). */
  lead: string;
  state: string;
  tone: ProcessState | null;
  rest: string;
  selected: boolean;
  /** Program and `all` rows stand out from their processes. */
  bold: boolean;
  color: boolean;
}

/**
 * One line of the list. Every prop is a string or a flag, so `memo` skips the
 * row unless its text changed: a stats event that moves one figure redraws
 * one row, and the thousand rows off screen are never rendered at all.
 */
export const ProcessRow = memo(function ProcessRow({ lead, state, tone, rest, selected, bold, color }: ProcessRowProps) {
  return (
    <Text inverse={selected} bold={bold} wrap="truncate">
      {lead}
      <Text {...stateTint(tone, color)}>{state}</Text>
      {rest}
    </Text>
  );
});
