import type { ProbeCheck } from '../config/runtime.js';
import { STOPPED, type CheckOptions, type CheckResult } from './check-result.js';
import { errorText } from './error-text.js';
import { execCheck } from './exec-check.js';
import { tcpCheck } from './tcp-check.js';

export type { CheckOptions, CheckResult } from './check-result.js';

/** The checks that do I/O; log probes are evaluated by the runner from fed lines. */
export type IoCheck = Exclude<ProbeCheck, { kind: 'log' }>;

/** Runs one check. Never rejects: every problem is a failed result. */
export async function runCheck(check: IoCheck, options: CheckOptions): Promise<CheckResult> {
  if (options.signal?.aborted) return STOPPED;
  try {
    switch (check.kind) {
      case 'http': {
        // Imported on the first http probe: node:https brings TLS and crypto (~1.5 MB), which a supervisor without one never needs.
        const { httpCheck } = await import('./http-check.js');
        return await httpCheck(check.url, options);
      }
      case 'tcp':
        return await tcpCheck(check.host, check.port, options);
      case 'exec':
        return await execCheck(check.argv, options);
    }
  } catch (err) {
    // Defensive: the checks catch their own errors; this keeps the promise from ever rejecting.
    return { ok: false, error: errorText(err) };
  }
}
