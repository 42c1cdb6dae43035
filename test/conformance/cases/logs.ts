import type { ConformanceCase, Side } from '../harness/case-types.js';
import { reached, waitUntil } from '../harness/observe.js';
import { readLog, rotatedFiles, shown } from '../harness/log-files.js';

const LINE_BYTES = 100;
const MAX_BYTES = 1024;
const LINES = 35;

function sizeAgainstLimit(sizes: number[]): string {
  if (sizes.length === 0) return 'none';
  if (sizes.every((size) => size >= MAX_BYTES)) return 'each at or past maxbytes';
  if (sizes.every((size) => size <= MAX_BYTES)) return 'each within maxbytes';
  return `sizes ${sizes.join(', ')}`;
}

/** What the rotated files hold, in terms that do not depend on how the pipe was read. */
function describeRotation(side: Side): Record<string, string> {
  const files = rotatedFiles(side, 'a.out');
  const texts = files.map((name) => readLog(side, name) ?? '');
  const oldestFirst = [...texts].reverse().join('');
  const lines = oldestFirst.split('\n').filter(Boolean);
  const numbers = lines.map((line) => Number(/^line (\d+) /.exec(line)?.[1] ?? NaN));
  const contiguous = numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
  return {
    files: files.join(' '),
    'lines whole': lines.every((line) => line.length === LINE_BYTES - 1) ? 'yes' : 'no',
    'kept lines contiguous, ending with the last': contiguous && numbers.at(-1) === LINES ? 'yes' : 'no',
    'rotated files': sizeAgainstLimit(texts.slice(1).map((text) => Buffer.byteLength(text))),
  };
}

/** Program output in log files: both streams, redirect_stderr, rotation, a partial last line. */
export const logCases: ConformanceCase[] = [
  {
    name: 'stdout-and-stderr-files',
    covers: "stdout_logfile and stderr_logfile get each stream's lines",
    config: { programs: { a: { command: '{fixtures}/print-streams.sh', stdout_logfile: '{dir}/a.out', stderr_logfile: '{dir}/a.err' } } },
    async observe(side) {
      await waitUntil(() => readLog(side, 'a.err')?.includes('err 2') ?? false, 10_000);
      return { 'a.out': shown(readLog(side, 'a.out')), 'a.err': shown(readLog(side, 'a.err')) };
    },
  },
  {
    name: 'redirect-stderr',
    covers: 'redirect_stderr: both streams in the stdout log, in the order written',
    config: { programs: { a: { command: '{fixtures}/print-streams.sh', redirect_stderr: true, stdout_logfile: '{dir}/a.out' } } },
    async observe(side) {
      await waitUntil(() => readLog(side, 'a.out')?.includes('err 2') ?? false, 10_000);
      return { 'a.out': shown(readLog(side, 'a.out')) };
    },
  },
  {
    name: 'log-rotation',
    covers: 'stdout_logfile_maxbytes 1KB, backups 2: two rotated files, whole lines, the newest kept',
    config: {
      programs: {
        a: {
          command: `{fixtures}/print-lines.py ${LINES} ${LINE_BYTES}`,
          stdout_logfile: '{dir}/a.out',
          stdout_logfile_maxbytes: '1KB',
          stdout_logfile_backups: 2,
        },
      },
    },
    async observe(side) {
      await waitUntil(() => readLog(side, 'a.out')?.includes(`line ${String(LINES).padStart(4, '0')} `) ?? false, 10_000);
      return describeRotation(side);
    },
    difference: {
      id: 'rotation-within-maxbytes',
      expectDrover: (supervisord) => ({ ...supervisord, 'rotated files': 'each within maxbytes' }),
    },
  },
  {
    name: 'partial-last-line',
    covers: 'a last line without a newline (a prompt) reaches the log within seconds, not at exit',
    config: { programs: { a: { command: '{fixtures}/partial-line.sh', stdout_logfile: '{dir}/a.out' } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      await waitUntil(() => (readLog(side, 'a.out') ?? '').includes('prompt> '), 3000);
      return { 'a.out while running': shown(readLog(side, 'a.out')) };
    },
  },
  {
    name: 'supervisor-log-says-why',
    covers: "the supervisor's log gives the exit status and the pid of a crash, every line with a timestamp",
    config: { programs: { a: { command: '{fixtures}/exit-once.sh {dir}/ran 3 1.5', autorestart: true } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING', 10_000, 2);
      const crashedPid = (readLog(side, 'ran') ?? '').trim();
      const log = side.supervisorLog();
      const lines = log.split('\n').filter(Boolean);
      return {
        'exit status 3 in the log': log.includes('exit status 3') ? 'yes' : 'no',
        'crashed pid in the log': crashedPid !== '' && log.includes(crashedPid) ? 'yes' : 'no',
        'every line timestamped': lines.every((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(line)) ? 'yes' : 'no',
      };
    },
  },
];
