import { requireServer } from './stack-servers.js';

/** systemd-analyze verifies exported units; a test that needs it fails (never skips) where it is missing. */
export function requireSystemdAnalyze(): void {
  requireServer('systemd-analyze', ['--version']);
}
