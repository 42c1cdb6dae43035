import { Box, Text } from 'ink';
import { quitChoices } from '../model/key-help.js';
import type { ViewMode } from '../model/view-state.js';

export interface QuitDialogProps {
  mode: ViewMode;
  configFile: string;
  height: number;
  color: boolean;
}

/** The q menu: stop everything, or leave the supervisor running. */
export function QuitDialog({ mode, configFile, height, color }: QuitDialogProps) {
  const { title, choices } = quitChoices(mode, configFile);
  return (
    <Box flexDirection="column" height={height} paddingTop={1} paddingLeft={2}>
      <Text bold>{title}</Text>
      {choices.map(([key, meaning]) => (
        <Box key={key}>
          <Box width={6} flexShrink={0}>
            <Text bold {...(color ? { color: 'cyan' } : {})}>
              {key}
            </Text>
          </Box>
          <Text wrap="wrap">{meaning}</Text>
        </Box>
      ))}
    </Box>
  );
}
