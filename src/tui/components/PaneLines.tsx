import { Text } from 'ink';
import type { PaneLine } from '../model/details-lines.js';
import { dimTint } from '../model/theme.js';

export interface PaneLinesProps {
  lines: readonly PaneLine[];
  color: boolean;
}

/** A details pane's lines, each styled by its tone: headings bold, section labels cyan, asides dim. */
export function PaneLines({ lines, color }: PaneLinesProps) {
  return (
    <>
      {lines.map((line, i) => (
        <Text
          key={i}
          wrap="truncate"
          bold={line.tone === 'heading' || line.tone === 'label'}
          {...(line.tone === 'dim' ? dimTint(color) : line.tone === 'label' && color ? { color: 'cyan' } : {})}
        >
          {line.text}
        </Text>
      ))}
    </>
  );
}
