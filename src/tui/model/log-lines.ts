import type { LogLine, LogSnapshot } from '../stores/log-store.js';
import { truncate } from './format.js';
import { bottomIndex, isPaused, lineMatches, type LogViewState } from './log-view.js';

/** A piece of a line's text; `match` pieces are what the search found. */
export interface LogTextPart {
  text: string;
  match: boolean;
}

export interface LogPaneLine {
  /** The line's seq: a stable React key. */
  key: number;
  /** Time, stream marker and process, before the text. */
  prefix: string;
  parts: LogTextPart[];
  stderr: boolean;
  /** Read back from a log file (no time). */
  fromFile: boolean;
  /** The match n and N move from. */
  current: boolean;
}

export interface LogPaneView {
  lines: LogPaneLine[];
  /** Lines below the view, arrived while paused or scrolled back. */
  newLines: number;
  paused: boolean;
}

/** Colour, cursor moves and other escapes a program prints would move or repaint parts of the view. */
const ESCAPES = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-Z\\-_])/g;
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
/** Where a file line's time would be: it has none, and says where it came from instead. */
const FILE_TIME = 'file    ';

/** A log line made safe to draw: escapes and control characters out, tabs as spaces. */
export function cleanLogText(text: string): string {
  return text.replace(ESCAPES, '').replace(/\t/g, '    ').replace(CONTROLS, '');
}

/** HH:MM:SS in local time. */
export function formatTimeOfDay(at: number): string {
  const date = new Date(at);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * The lines that fit, ending at the viewer's bottom line (the newest when
 * following). stderr lines carry a `!` (colour is not always there); when
 * more than one process is followed, each line says which printed it.
 */
export function logPaneLines(snapshot: LogSnapshot, view: LogViewState, height: number, width: number): LogPaneView {
  const bottom = bottomIndex(snapshot.lines, snapshot.generation, view);
  const paused = isPaused(view, snapshot);
  const newLines = paused ? snapshot.lines.length - 1 - bottom : 0;
  if (height <= 0 || bottom < 0) return { lines: [], newLines, paused };
  const shown = snapshot.lines.slice(Math.max(0, bottom - height + 1), bottom + 1);
  const target = snapshot.target ?? '';
  const processPart = target === 'all' ? (name: string) => name : target.endsWith(':*') ? (name: string) => name.slice(name.indexOf(':') + 1) : null;
  return { lines: shown.map((line) => paneLine(line, view, width, processPart)), newLines, paused };
}

function paneLine(line: LogLine, view: LogViewState, width: number, processPart: ((name: string) => string) | null): LogPaneLine {
  const time = line.at === null ? FILE_TIME : view.timestamps ? formatTimeOfDay(line.at) : '';
  const stderr = line.stream === 'stderr';
  const prefix = `${time === '' ? '' : `${time} `}${stderr ? '!' : ' '} ${processPart ? `${processPart(line.process)} | ` : ''}`;
  const text = truncate(prefix + cleanLogText(line.text), width).slice(prefix.length);
  const parts = lineMatches(line, view.search) ? splitMatches(text, view.search) : [{ text, match: false }];
  return { key: line.seq, prefix: prefix.slice(0, width), parts, stderr, fromFile: line.at === null, current: view.match === line.seq };
}

/** `text` cut around each case-insensitive occurrence of `search`. */
function splitMatches(text: string, search: string): LogTextPart[] {
  const parts: LogTextPart[] = [];
  const lower = text.toLowerCase();
  const needle = search.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}
