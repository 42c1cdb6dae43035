import type { ProcessDetails, TreeNode } from '../../api/supervisor-api.js';
import type { UsageHistory } from '../stores/stats-store.js';
import { formatClock, formatCpu, formatLastExit, formatUptime, truncate } from './format.js';
import { formatBytes } from '../../api/units.js';
import { sparkline } from './sparkline.js';

export type PaneTone = 'heading' | 'label' | 'plain' | 'dim';

export interface PaneLine {
  text: string;
  tone: PaneTone;
}

export interface Section {
  heading: string;
  items: string[];
  /** Said when there are no items. */
  none: string;
}

/**
 * The details pane as lines that fit `height`: who and what first, the
 * sparklines, then environment, process tree and exits sharing what is left
 * (each gets its heading and first line before any gets a second).
 */
export function detailsLines(details: ProcessDetails, history: UsageHistory, width: number, height: number, now: number): PaneLine[] {
  const { status } = details;
  const sparkWidth = Math.max(10, Math.min(60, width - 18));
  const cpuNow = history.cpuPercent.at(-1) ?? null;
  const rssNow = history.rssBytes.at(-1) ?? null;
  const uptime = status.startedAt !== null && status.pid !== null ? formatUptime(now - status.startedAt) : '-';
  const head: PaneLine[] = [
    {
      text: `${status.name}  ${status.state}${status.ready === null ? '' : status.ready ? ' (ready)' : ' (not ready)'}  pid ${status.pid ?? '-'}  up ${uptime}  restarts ${status.restarts}  ${status.description}`,
      tone: 'heading',
    },
    { text: `command  ${details.shell ? '/bin/sh -c ' : ''}${details.command.join(' ')}`, tone: 'plain' },
    { text: `cwd      ${details.cwd}    ${userLine(details.user)}`, tone: 'plain' },
    { text: `cpu    ${`${formatCpu(cpuNow)}%`.padStart(7)}  ${sparkline(history.cpuPercent, sparkWidth, 100)}`, tone: 'plain' },
    { text: `memory ${formatBytes(rssNow).padStart(7)}  ${sparkline(history.rssBytes, sparkWidth)}`, tone: 'plain' },
  ];
  const sections: Section[] = [
    {
      heading: 'environment',
      items: Object.keys(details.environment)
        .sort()
        .map((key) => `${key}=${details.environment[key]}`),
      none: '(nothing set by the program)',
    },
    { heading: 'process tree', items: treeLines(details.tree), none: '(nothing running)' },
    {
      heading: 'last exits',
      items: details.exits.map(
        (exit) =>
          `${formatClock(exit.at, now)}  ${formatLastExit(exit.exitCode, exit.exitSignal).padEnd(9)} after ${formatUptime(exit.uptimeMs).padEnd(6)} ${exit.expected ? 'expected' : 'unexpected'}  pid ${exit.pid}`,
      ),
      none: '(none yet)',
    },
  ];
  const lines = [...head, ...fitSections(sections, height - head.length)].slice(0, Math.max(0, height));
  return lines.map((line) => ({ ...line, text: truncate(line.text, width) }));
}

/** `user www-data`, or, with no `user:` setting, who the process runs as then. */
export function userLine(user: string | null): string {
  return user === null ? 'user (same as drover)' : `user ${user}`;
}

/** Each pid under its parent, two spaces a level, with its own memory. */
export function treeLines(tree: readonly TreeNode[]): string[] {
  const depth = new Map<number, number>();
  return tree.map((node) => {
    const level = depth.has(node.ppid) ? depth.get(node.ppid)! + 1 : 0;
    depth.set(node.pid, level);
    return `${'  '.repeat(level)}${node.pid}  ${formatBytes(node.rssBytes).padStart(7)}  ${node.command}`;
  });
}

/** Shares `budget` lines among the sections; a cut section ends in `… N more` when it has two lines or more. */
export function fitSections(sections: readonly Section[], budget: number): PaneLine[] {
  // Heading plus first line each, from the first section on, while they fit.
  const shown = sections.map(() => 0);
  const included = Math.min(sections.length, Math.floor(Math.max(0, budget) / 2));
  let left = budget - included * 2;
  for (let i = 0; i < included; i++) shown[i] = 1;
  for (let grew = true; left > 0 && grew;) {
    grew = false;
    for (let i = 0; i < included && left > 0; i++) {
      if (shown[i]! < sections[i]!.items.length) {
        shown[i] = shown[i]! + 1;
        left--;
        grew = true;
      }
    }
  }
  const out: PaneLine[] = [];
  for (let i = 0; i < included; i++) {
    const section = sections[i]!;
    out.push({ text: section.items.length > 0 ? `${section.heading} (${section.items.length})` : section.heading, tone: 'label' });
    if (section.items.length === 0) {
      out.push({ text: `  ${section.none}`, tone: 'dim' });
      continue;
    }
    const count = shown[i]!;
    // With a single line, the first item says more than "… N more" (the heading has the count).
    const cut = count < section.items.length && count > 1;
    const visible = section.items.slice(0, cut ? count - 1 : count);
    for (const item of visible) out.push({ text: `  ${item}`, tone: 'plain' });
    if (cut) out.push({ text: `  … ${section.items.length - visible.length} more`, tone: 'dim' });
  }
  return out;
}
