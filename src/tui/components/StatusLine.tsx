import { Text } from 'ink';
import type { StatusMessage } from '../model/describe-results.js';
import { dimTint, statusTint } from '../model/theme.js';
import type { Focus } from '../model/view-state.js';

export interface StatusLineProps {
  focus: Focus;
  filter: string;
  status: StatusMessage | null;
  color: boolean;
}

/** One line: the filter being typed, a y/n question, or what the last action came to. */
export function StatusLine({ focus, filter, status, color }: StatusLineProps) {
  if (focus.kind === 'filter') {
    return (
      <Text wrap="truncate">
        <Text bold>{`/${filter}`}</Text>
        <Text inverse> </Text>
        <Text {...dimTint(color)}>{'  enter keeps the filter, esc clears it'}</Text>
      </Text>
    );
  }
  if (focus.kind === 'confirm') {
    return (
      <Text bold wrap="truncate" {...(color ? { color: 'yellow' } : {})}>
        {`${focus.question} (y/n)`}
      </Text>
    );
  }
  if (!status) return <Text> </Text>;
  return (
    <Text wrap="truncate" {...statusTint(status.tone, color)}>
      {status.text}
    </Text>
  );
}
