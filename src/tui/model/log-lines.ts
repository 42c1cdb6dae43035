import type { LogSnapshot } from '../stores/log-store.js';
import { truncate } from './format.js';

export interface LogPaneLine {
  text: string;
  stderr: boolean;
}

/** Colour, cursor moves and other escapes a program prints would move or repaint parts of the view. */
const ESCAPES = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-Z\\-_])/g;
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** A log line made safe to draw: escapes and control characters out, tabs as spaces. */
export function cleanLogText(text: string): string {
  return text.replace(ESCAPES, '').replace(/\t/g, '    ').replace(CONTROLS, '');
}

/**
 * The last lines that fit, newest at the bottom. When a whole program is
 * followed, each line says which process printed it.
 */
export function logPaneLines(snapshot: LogSnapshot, height: number, width: number): LogPaneLine[] {
  if (height <= 0) return [];
  const prefixed = snapshot.target !== null && snapshot.target.endsWith(':*');
  return snapshot.lines.slice(-height).map((line) => {
    const text = cleanLogText(line.text);
    const processPart = line.process.slice(line.process.indexOf(':') + 1);
    return { text: truncate(prefixed ? `${processPart} | ${text}` : text, width), stderr: line.stream === 'stderr' };
  });
}
