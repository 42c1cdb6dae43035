import type { EngineEvent, LogStream } from '../api/supervisor-api.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The date and time to the second of the last line stamped: a restart of 50 programs stamps 200 lines, nearly all in the same second. */
let lastSecond = Number.NaN;
let lastSecondText = '';

function clock(at: number): string {
  const second = Math.floor(at / 1000);
  if (second !== lastSecond) {
    const d = new Date(second * 1000);
    lastSecond = second;
    lastSecondText = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  return `${lastSecondText}.${pad(at - second * 1000, 3)}`;
}

/** A line of drover's own log: every one starts with when it happened. */
export function stampLine(at: number, text: string): string {
  return `${clock(at)} ${text}`;
}

/**
 * A line of a program whose stream is `console`, on drover's own output:
 * `web:web_00 | text`, or `web:web_00 stderr | text`. Not stamped: programs
 * usually stamp their own lines, and a container log stamps them again.
 */
export function formatConsoleLine(process: string, stream: LogStream, line: string): string {
  return stream === 'stdout' ? `${process} | ${line}` : `${process} stderr | ${line}`;
}

/**
 * One line per event for line mode (no terminal) and drover.log: stable
 * enough to grep. A state change names the pid it is about (the one that
 * started, or the one whose exit caused it) and why, as supervisord's
 * `spawned:` and `exited:` lines do.
 */
export function formatEvent(event: EngineEvent): string | null {
  switch (event.kind) {
    case 'state': {
      const p = event.process;
      const pid = event.pid !== null ? ` pid=${event.pid}` : '';
      return stampLine(event.at, `${p.name} ${event.from} -> ${p.state}${pid} (${p.description})`);
    }
    case 'supervisor':
      return stampLine(event.at, `drover ${event.level}: ${event.message}`);
    case 'health':
      return stampLine(event.at, `${event.process.name} ${event.process.ready ? 'ready again' : 'not ready'}: ${event.message}`);
    case 'processAdded':
      return stampLine(event.at, `${event.process.name} added`);
    case 'processRemoved':
      return stampLine(event.at, `${event.process.name} removed`);
    case 'log':
    case 'stats':
      return null;
  }
}
