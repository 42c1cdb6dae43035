import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli-harness.js';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';
import { formatCount, recordRow, size } from './profile.js';

/**
 * A program floods numbered fixed-width lines through a small rotation size,
 * and, during the flood, the live file is moved away and the daemon gets
 * SIGUSR1, as logrotate does. Afterwards every file is read back: each line
 * number must appear exactly once, in order within its file, and whole.
 */

const LINES = size(200_000, 5_000_000);
const LINE_BYTES = 64;
const MAX_BYTES = size(128 * 1024, 256 * 1024);
/** When, in rotations, the live file is moved away and USR1 sent: early enough that the flood (about 100 rotations in the quick size) is still going when the watcher gets there. */
const REOPEN_AT = size([20, 45], [150, 400, 650, 900, 1_100]);
const LINE = new RegExp(`^(\\d{9}) x{${LINE_BYTES - 11}}$`);

let h: DaemonHarness;
let watcher: FSWatcher | null = null;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  watcher?.close();
  watcher = null;
  await h.cleanup();
});

/** Checks one file's lines: whole, ascending, each number not seen before. Returns how many. */
function checkFile(file: string, seen: Uint8Array): number {
  const lines = readFileSync(file, 'latin1').split('\n');
  expect(lines.pop(), `${file} ends with a newline`).toBe('');
  let previous = -1;
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match) throw new Error(`torn line in ${file}: ${JSON.stringify(line.slice(0, 80))}`);
    const n = Number(match[1]);
    if (n <= previous) throw new Error(`${file}: line ${n} after line ${previous}`);
    if (n >= seen.length || seen[n]) throw new Error(`${file}: line ${n} seen twice or out of range`);
    seen[n] = 1;
    previous = n;
  }
  return lines.length;
}

describe('nothing lost: log lines across rotations and USR1 reopens', () => {
  it(
    'every line of a flood is in exactly one file, whole and in order',
    async () => {
      const logs = path.join(h.dir, 'floodlogs');
      const live = path.join(logs, 'flood.log');
      // Enough backups that rotation never deletes one.
      const backups = Math.ceil((LINES * LINE_BYTES) / MAX_BYTES) + 50;
      h.writeConfig(
        [
          'programs:',
          '  flood:',
          `    command: ${process.execPath} ${path.join(FIXTURES, 'flood-lines.mjs')} 3600000 ${LINE_BYTES} ${LINES}`,
          '    startsecs: 0',
          '    autostart: false',
          '    autorestart: false',
          `    stdout_logfile: ${live}`,
          `    stdout_logfile_maxbytes: ${MAX_BYTES}`,
          `    stdout_logfile_backups: ${backups}`,
          '',
        ].join('\n'),
      );
      const started = await h.startDaemon();
      expect(started.code, started.stderr).toBe(0);
      const daemon = started.pid!;

      // logrotate's part: on reaching each REOPEN_AT rotation, move the live file away and send USR1.
      const moved: string[] = [];
      mkdirSync(logs, { recursive: true });
      watcher = watch(logs, (_event, name) => {
        const target = REOPEN_AT[moved.length];
        if (target === undefined || name !== `flood.log.${target}`) return;
        const away = path.join(logs, `flood.log.moved-${moved.length + 1}`);
        try {
          renameSync(live, away);
        } catch {
          return; // between drover's rotation and its reopen: try on the next event
        }
        moved.push(away);
        process.kill(daemon, 'SIGUSR1');
      });

      const start = await httpRequest(h.socket, 'POST', '/v1/processes/start', JSON.stringify({ patterns: ['flood'] }));
      expect(start.status, start.text).toBe(200);
      const totalBytes = LINES * LINE_BYTES;
      const bytesOnDisk = () => readdirSync(logs).reduce((sum, name) => sum + statSync(path.join(logs, name)).size, 0);
      await waitFor('every byte on disk', () => bytesOnDisk() >= totalBytes, size(30_000, 15 * 60_000), 100);
      await waitFor('the flood EXITED', async () => {
        const [p] = (await httpRequest(h.socket, 'GET', '/v1/processes')).json as { state: string }[];
        return p!.state === 'EXITED';
      });
      expect(bytesOnDisk()).toBe(totalBytes);
      expect(moved).toHaveLength(REOPEN_AT.length);
      await waitFor('the reopens logged', () => readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8').split('log files reopened').length > REOPEN_AT.length);

      const seen = new Uint8Array(LINES);
      let counted = 0;
      const files = readdirSync(logs).map((name) => path.join(logs, name));
      for (const file of files) counted += checkFile(file, seen);
      expect(counted).toBe(LINES);
      expect(seen.indexOf(0)).toBe(-1);
      // Each move landed mid-flood: the moved file holds lines and later lines went on elsewhere.
      for (const file of moved) {
        const size = statSync(file).size;
        expect(size, file).toBeGreaterThan(0);
        const last = Number(readFileSync(file, 'latin1').slice(size - LINE_BYTES, size - LINE_BYTES + 9));
        expect(last, file).toBeLessThan(LINES - 1);
      }
      const rotations = files.filter((file) => /\.log\.\d+$/.test(file)).length;

      recordRow({
        id: 'lost-log-lines',
        scenario: `a program floods ${LINE_BYTES}-byte numbered lines, rotated every ${formatCount(MAX_BYTES / 1024)} KiB; during the flood the live file is moved away and the daemon gets USR1 (as logrotate does)`,
        injected: `${formatCount(rotations)} rotations, ${moved.length} USR1 reopen${moved.length === 1 ? '' : 's'}`,
        outcome: `${formatCount(files.length)} files read back: every line whole, once, in order within its file`,
        lost: `0 of ${formatCount(LINES)} lines`,
        crashes: '0',
      });
    },
    size(30_000, 20 * 60_000),
  );
});
