import type { ProcessState } from '../../api/process-state.js';
import type { StatusTone } from './describe-results.js';

/** Ink text styles for one piece of text; empty when colour is off. */
export interface Tint {
  color?: string;
  dimColor?: boolean;
}

const NONE: Tint = {};

/** RUNNING green; on the way or retrying yellow; given up or died red; STOPPED dim. */
export function stateTint(state: ProcessState | null, color: boolean): Tint {
  if (!color || state === null) return NONE;
  switch (state) {
    case 'RUNNING':
      return { color: 'green' };
    case 'STARTING':
    case 'BACKOFF':
    case 'STOPPING':
      return { color: 'yellow' };
    case 'FATAL':
    case 'EXITED':
      return { color: 'red' };
    case 'STOPPED':
      return { dimColor: true };
  }
}

export function statusTint(tone: StatusTone, color: boolean): Tint {
  if (!color) return NONE;
  switch (tone) {
    case 'ok':
      return { color: 'green' };
    case 'error':
      return { color: 'red' };
    case 'pending':
      return { color: 'yellow' };
    case 'info':
      return { color: 'cyan' };
  }
}

/** Quieter text (hints, empty sections): dim when colour is on, plain otherwise. */
export function dimTint(color: boolean): Tint {
  return color ? { dimColor: true } : NONE;
}
