import { describe, expect, it } from 'vitest';
import { CtlUsageError, DEFAULT_TAIL_LINES, parseCtlCommand } from '../../src/cli/ctl/command.js';
import { parseArgs } from '../../src/cli/parse-args.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const command = (...argv: string[]) => parseCtlCommand(parseArgs(['ctl', ...argv]), NOW);

function usageError(...argv: string[]): CtlUsageError {
  try {
    command(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CtlUsageError);
    return error as CtlUsageError;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseCtlCommand', () => {
  it('reads every verb', () => {
    expect(command('status')).toEqual({ verb: 'status', patterns: [] });
    expect(command('status', 'web:*', 'worker')).toEqual({ verb: 'status', patterns: ['web:*', 'worker'] });
    for (const verb of ['start', 'stop', 'restart', 'reload'] as const) expect(command(verb, 'all')).toEqual({ verb, patterns: ['all'] });
    expect(command('signal', 'HUP', 'web', 'worker:*')).toEqual({ verb: 'signal', signal: 'HUP', patterns: ['web', 'worker:*'], group: false });
    expect(command('signal', '--group', 'HUP', 'web')).toEqual({ verb: 'signal', signal: 'HUP', patterns: ['web'], group: true });
    expect(command('signal', '15', 'web', '--group')).toEqual({ verb: 'signal', signal: '15', patterns: ['web'], group: true });
    expect(command('scale', 'web', '4')).toEqual({ verb: 'scale', program: 'web', count: '4' });
    expect(command('scale', 'web', '+2')).toEqual({ verb: 'scale', program: 'web', count: '+2' });
    expect(command('scale', 'web', '-1')).toEqual({ verb: 'scale', program: 'web', count: '-1' });
    expect(command('tail', 'web')).toEqual({ verb: 'tail', pattern: 'web', lines: DEFAULT_TAIL_LINES, stream: 'both', since: null, follow: false });
    expect(command('tail', '-f', '-n', '0', '--stderr', 'web:web_01')).toEqual({ verb: 'tail', pattern: 'web:web_01', lines: 0, stream: 'stderr', since: null, follow: true });
    expect(command('tail', '-f', '--stdout', 'worker:*')).toMatchObject({ pattern: 'worker:*', stream: 'stdout', follow: true });
    expect(command('tail', '--stdout', '--stderr', 'all')).toMatchObject({ pattern: 'all', stream: 'both' });
    // --since alone: every line held since then; with -n, at most that many.
    expect(command('tail', '--since', '10m', 'web')).toMatchObject({ since: NOW - 600_000, lines: 10_000 });
    expect(command('tail', '--since=30s', '-n', '5', 'web')).toMatchObject({ since: NOW - 30_000, lines: 5 });
    expect(command('tail', '--since', '2h', 'web')).toMatchObject({ since: NOW - 7_200_000 });
    expect(command('tail', '--since', '1d', 'web')).toMatchObject({ since: NOW - 86_400_000 });
    expect(command('tail', '--since', '2026-12-06T11:30:00Z', 'web')).toMatchObject({ since: NOW - 1_800_000 });
    expect(command('pid')).toEqual({ verb: 'pid', names: [] });
    expect(command('pid', 'web', 'worker')).toEqual({ verb: 'pid', names: ['web', 'worker'] });
    expect(command('reread')).toEqual({ verb: 'reread' });
    expect(command('update')).toEqual({ verb: 'update', programs: [] });
    expect(command('update', 'web')).toEqual({ verb: 'update', programs: ['web'] });
    expect(command('shutdown', '--json')).toEqual({ verb: 'shutdown' });
  });

  it.each([
    [[], /ctl needs a verb/, null],
    [['frob'], /^unknown ctl verb: frob$/, null],
    [['stauts'], /^unknown ctl verb: stauts; did you mean status\?$/, 'status'],
    [['Restart'], /^unknown ctl verb: Restart; did you mean restart\?$/, 'restart'],
    [['start'], /start needs at least one PATTERN/, 'start'],
    [['signal', 'HUP'], /signal needs a signal and at least one PATTERN/, 'signal'],
    [['scale', 'web'], /scale needs a PROGRAM and a count/, 'scale'],
    [['scale', 'web', 'many'], /scale needs a count N, \+N or -N, got "many"/, 'scale'],
    [['scale', 'web', '1.5'], /got "1.5"/, 'scale'],
    [['tail'], /tail needs a PATTERN/, 'tail'],
    [['tail', 'a', 'b'], /tail takes one PATTERN/, 'tail'],
    [['tail', '--since', '10 minutes', 'web'], /--since needs a time back \(30s, 10m, 2h, 1d\) or an ISO time \(2026-12-06T09:30\), got "10 minutes"/, 'tail'],
    [['tail', '--since', 'yesterday', 'web'], /--since needs .* got "yesterday"/, 'tail'],
    [['tail', '--since', '5w', 'web'], /--since needs .* got "5w"/, 'tail'],
    [['status', '--since', '5m'], /--since is only for tail/, 'status'],
    [['stop', '--stdout', 'web'], /--stdout is only for tail/, 'stop'],
    [['tail', '-n', 'x', 'web'], /-n needs a number of lines from 0 to 10000, got "x"/, 'tail'],
    [['tail', '-n', '10001', 'web'], /got "10001"/, 'tail'],
    [['tail', '-n', '-3', 'web'], /got "-3"/, 'tail'],
    [['reread', 'web'], /reread takes no arguments/, 'reread'],
    [['shutdown', 'now'], /shutdown takes no arguments/, 'shutdown'],
    [['status', '-f'], /-f is only for tail/, 'status'],
    [['pid', '-n', '3'], /-n is only for tail/, 'pid'],
    [['stop', '--stderr', 'web'], /--stderr is only for tail/, 'stop'],
    [['stop', '--group', 'web'], /--group is only for signal/, 'stop'],
    [['signal', '--group', 'HUP'], /signal needs a signal and at least one PATTERN/, 'signal'],
  ] as const)('refuses %j', (argv, message, verb) => {
    const error = usageError(...argv);
    expect(error.message).toMatch(message);
    expect(error.verb).toBe(verb);
  });
});
