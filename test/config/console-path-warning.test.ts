import { describe, expect, it } from 'vitest';
import { lines, useConfigDir } from './temp-config.js';

/**
 * A hand-written supervisord habit: `stdout_logfile: /dev/stdout`. drover
 * would write and rotate it as a file, so check points at `console`.
 */

const t = useConfigDir();

describe('console paths written as log files', () => {
  it('warns, with the line and column, for /dev/stdout and /proc/1/fd/2', async () => {
    const result = await t.load(lines('programs:', '  web:', '    command: x', '    stdout_logfile: /dev/stdout', '    stderr_logfile: /proc/1/fd/2'));
    expect(result).toMatchObject({
      ok: true,
      warnings: [
        {
          line: 4,
          column: 21,
          path: 'programs.web.stdout_logfile',
          message: "stdout_logfile: /dev/stdout is written as a file, rotated like one; write stdout_logfile: console to send the lines to drover's own output",
        },
        {
          line: 5,
          column: 21,
          path: 'programs.web.stderr_logfile',
          message: "stderr_logfile: /proc/1/fd/2 is written as a file, rotated like one; write stderr_logfile: console to send the lines to drover's own output",
        },
      ],
    });
  });

  it('says nothing for console itself or for a real file', async () => {
    const result = await t.load(lines('programs:', '  web:', '    command: x', '    stdout_logfile: console', '    stderr_logfile: logs/web.err'));
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });
});
