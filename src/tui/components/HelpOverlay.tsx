import { Box, Text } from 'ink';
import { ALL_ROW_NOTE, KEY_HELP } from '../model/key-help.js';
import { dimTint } from '../model/theme.js';

export interface HelpOverlayProps {
  height: number;
  color: boolean;
}

/** Every key (`?`); any key closes it. */
export function HelpOverlay({ height, color }: HelpOverlayProps) {
  const keyWidth = Math.max(...KEY_HELP.map(([keys]) => keys.length)) + 2;
  const lines = KEY_HELP.slice(0, Math.max(0, height - 3));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>keys</Text>
      {lines.map(([keys, meaning], i) => (
        <Text key={i} wrap="truncate">
          <Text bold {...(color ? { color: 'cyan' } : {})}>
            {`  ${keys.padEnd(keyWidth)}`}
          </Text>
          {meaning}
        </Text>
      ))}
      <Text wrap="truncate">{ALL_ROW_NOTE}</Text>
      <Text {...dimTint(color)}>any key closes this help</Text>
    </Box>
  );
}
