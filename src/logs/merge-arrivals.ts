import type { ArrivedLines } from './output-ring.js';
import type { OutputStreamName } from './stream-capture.js';

/** Lines of one process's stream that arrived together. */
export interface StreamLines extends ArrivedLines {
  process: string;
  stream: OutputStreamName;
}

/**
 * One process's streams in arrival order (their chunk numbers come from one
 * counter), cut to the last `count` lines of them combined.
 */
export function lastLinesOfStreams(process: string, streams: Partial<Record<OutputStreamName, ArrivedLines[]>>, count: number): StreamLines[] {
  const merged: StreamLines[] = [];
  for (const stream of ['stdout', 'stderr'] as const) for (const group of streams[stream] ?? []) merged.push({ ...group, process, stream });
  merged.sort((a, b) => a.seq - b.seq);
  return keepLastLines(merged, count);
}

/**
 * Several processes' lines in arrival time order. Each process's list is
 * already in order and the sort is stable, so lines of one process that
 * arrived in the same millisecond keep their order.
 */
export function mergeByTime(perProcess: StreamLines[][]): StreamLines[] {
  return perProcess.flat().sort((a, b) => a.at - b.at);
}

function keepLastLines(groups: StreamLines[], count: number): StreamLines[] {
  let left = count;
  let first = groups.length;
  while (first > 0 && left > 0) {
    first -= 1;
    left -= groups[first]!.lines.length;
  }
  const kept = groups.slice(first);
  // The oldest group kept may hold more lines than are wanted: keep its newest.
  if (left < 0 && kept.length > 0) kept[0] = { ...kept[0]!, lines: kept[0]!.lines.slice(-left) };
  return kept;
}
