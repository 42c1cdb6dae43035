import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOTIFY_ENV } from '../../src/daemon/daemon-notify.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A detached supervisor whose launcher went away before answering `config?`
 * (killed, or its channel closed while the supervisor still booted) must end
 * with that reason in its log, not with an uncaught IPC error, and start nothing.
 */

const SUPERVISOR = fileURLToPath(new URL('../../dist/cli/supervisor.cjs', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-gone-'));
  writeFileSync(path.join(dir, 'programs.yaml'), `programs:\n  web:\n    command: [sleep, '600']\n    directory: ${dir}\n`);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a detached supervisor whose launcher is gone', () => {
  it('says the launcher went away and exits non-zero when the channel closed while it booted', async () => {
    const child = spawn(process.execPath, [SUPERVISOR, '--daemon', '--foreground', '-c', path.join(dir, 'programs.yaml')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, [NOTIFY_ENV]: '1' },
    });
    try {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      // At once: the supervisor is still loading its modules when its channel reaches EOF.
      child.disconnect();
      // 'exit', not 'close': after disconnect() Node never emits 'close' for this child.
      const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
      await waitFor('its last words', () => output.includes('not starting:'));
      expect(output).toContain('went away before sending the config');
      expect(output).not.toContain('ERR_IPC_CHANNEL_CLOSED');
      expect(code).not.toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
