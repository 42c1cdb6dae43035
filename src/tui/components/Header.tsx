import { Box, Text } from 'ink';
import { memo } from 'react';
import type { SupervisorInfo } from '../../api/supervisor-api.js';
import { formatCpu, formatUptime, truncate } from '../model/format.js';
import { formatBytes } from '../../api/units.js';
import { countStates, sumKnown } from '../model/totals.js';
import { dimTint, stateTint } from '../model/theme.js';
import type { ProcessSnapshot } from '../stores/process-store.js';
import type { StatsSnapshot } from '../stores/stats-store.js';

export interface HeaderProps {
  /** null until info() answered. */
  info: SupervisorInfo | null;
  /** Shown until info() names the file the supervisor really reads. */
  configFile: string;
  processes: ProcessSnapshot;
  stats: StatsSnapshot;
  now: number;
  width: number;
  color: boolean;
}

/** Two lines: who is supervising (host, pid, uptime, config), then how everything is doing. */
export const Header = memo(function Header({ info, configFile, processes, stats, now, width, color }: HeaderProps) {
  const who = (info ? ['drover', info.hostname, `pid ${info.pid}`, `up ${formatUptime(now - info.startedAt)}`, info.configFile || configFile] : ['drover', configFile])
    .filter(Boolean)
    .join('  ');
  const counts = countStates(processes.processes.map((p) => p.state));
  // A sample of a child that has since been replaced would count the old process in the totals.
  const usage = [...stats.usage.values()].filter((u) => processes.byName.get(u.name)?.pid === u.pid);
  const cpu = sumKnown(usage.map((u) => u.cpuPercent));
  const totals = `cpu ${cpu === null ? '-' : `${formatCpu(cpu)}%`}  mem ${formatBytes(sumKnown(usage.map((u) => u.rssBytes)))}`;
  return (
    <Box flexDirection="column" height={2}>
      <Text bold wrap="truncate">
        {truncate(who, width)}
      </Text>
      <Text wrap="truncate">
        {counts.length === 0 ? <Text {...dimTint(color)}>{processes.loaded ? 'no processes' : 'connecting…'}</Text> : null}
        {counts.map(({ state, count }) => (
          <Text key={state} {...stateTint(state, color)}>
            {`${count} ${state}  `}
          </Text>
        ))}
        {`· ${totals}`}
      </Text>
    </Box>
  );
});
