import type { EngineEvent } from '../engine/events.js';

function clock(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** One line per event for line mode (no terminal): stable enough to grep. */
export function formatEvent(event: EngineEvent): string | null {
  switch (event.kind) {
    case 'state': {
      const p = event.process;
      const pid = p.pid !== null ? ` pid=${p.pid}` : '';
      return `${clock(event.at)} ${p.name} ${event.from} -> ${p.state}${pid} (${p.description})`;
    }
    case 'supervisor':
      return `${clock(event.at)} drover ${event.level}: ${event.message}`;
    case 'health':
      return `${clock(event.at)} ${event.process.name} ${event.process.ready ? 'ready again' : 'not ready'}: ${event.message}`;
    case 'processAdded':
      return `${clock(event.at)} ${event.process.name} added`;
    case 'processRemoved':
      return `${clock(event.at)} ${event.process.name} removed`;
    case 'log':
    case 'stats':
      return null;
  }
}
