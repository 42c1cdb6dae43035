import { Box, Text } from 'ink';
import { useMemo, useRef } from 'react';
import { chooseColumns } from '../model/column-layout.js';
import { headerCells, longestName, nameTitle, rowCells } from '../model/columns.js';
import type { ListRow } from '../model/rows.js';
import type { SortOrder } from '../model/sort.js';
import { dimTint } from '../model/theme.js';
import { scrollTop } from '../model/window.js';
import { ProcessRow } from './ProcessRow.js';

export interface ProcessListProps {
  rows: readonly ListRow[];
  selected: number;
  /** Rows that fit below the column titles. */
  height: number;
  width: number;
  sort: SortOrder;
  filter: string;
  color: boolean;
  /** Said instead of rows when there are none. */
  emptyText: string;
  /** Some program has a bind address or a readiness probe: the PORT/READY column is worth its width. */
  portColumn: boolean;
}

/** The column titles and the rows that fit, scrolled so the selection shows. */
export function ProcessList({ rows, selected, height, width, sort, filter, color, emptyText, portColumn }: ProcessListProps) {
  // Where the window was: it moves only when the selection leaves it (no jumping on every key).
  const top = useRef(0);
  top.current = scrollTop(top.current, selected, height, rows.length);
  const visible = rows.slice(top.current, top.current + height);
  // Every row's name, not just the visible ones': the columns must not shift as the list scrolls.
  const nameNeeded = useMemo(() => longestName(rows), [rows]);
  // The title too: the filter being typed must show in full.
  const layout = chooseColumns(width, Math.max(nameNeeded, nameTitle(sort, filter).length), portColumn);
  const titles = headerCells(sort, filter, layout);
  // Only the `all` row left: the filter lets nothing through.
  const nothingMatches = filter !== '' && rows.length === 1;
  return (
    <Box flexDirection="column" height={height + 1}>
      <Text bold wrap="truncate">
        {titles.lead + titles.state + titles.rest}
      </Text>
      {rows.length === 0 ? <Text {...dimTint(color)}>{emptyText}</Text> : null}
      {visible.map((row, i) => {
        const isSelected = top.current + i === selected;
        const cells = rowCells(row, isSelected, layout);
        return (
          <ProcessRow
            key={row.key}
            lead={cells.lead}
            state={cells.state}
            tone={row.state.tone}
            rest={cells.rest}
            selected={isSelected}
            bold={row.kind !== 'process'}
            color={color}
          />
        );
      })}
      {nothingMatches ? <Text {...dimTint(color)}>{`  no process matches "${filter}" (esc clears the filter)`}</Text> : null}
    </Box>
  );
}
