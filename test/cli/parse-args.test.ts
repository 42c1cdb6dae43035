import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/parse-args.js';

describe('parseArgs', () => {
  it('takes -c and --socket before or after the verb', () => {
    const a = parseArgs(['-c', 'a.yaml', 'ctl', 'status', '--socket', 's.sock', 'web']);
    const b = parseArgs(['ctl', '--socket=s.sock', 'status', 'web', '--config=a.yaml']);
    for (const parsed of [a, b]) {
      expect(parsed).toMatchObject({ verb: 'ctl', positionals: ['status', 'web'], config: 'a.yaml', socket: 's.sock', lines: null });
    }
  });

  it('reads the ctl tail options in every spelling', () => {
    for (const argv of [
      ['ctl', 'tail', '-f', '-n', '5', '--stderr', 'web'],
      ['ctl', 'tail', '--follow', '--lines', '5', '--stderr', 'web'],
      ['ctl', 'tail', '--lines=5', '-f', 'web', '--stderr'],
      ['ctl', 'tail', '-n5', 'web', '--follow', '--stderr'],
    ]) {
      const parsed = parseArgs(argv);
      expect(parsed.positionals).toEqual(['tail', 'web']);
      expect(parsed.lines).toBe('5');
      expect([...parsed.flags].sort()).toEqual(['--follow', '--stderr']);
    }
  });

  it('takes --strict for check only', () => {
    expect([...parseArgs(['check', '--strict']).flags]).toEqual(['--strict']);
    expect(() => parseArgs(['ctl', 'status', '--strict'])).toThrow(/--strict is an option of drover check only/);
  });

  it('takes a negative number after the verb as an argument', () => {
    expect(parseArgs(['ctl', 'scale', 'web', '-1']).positionals).toEqual(['scale', 'web', '-1']);
    expect(parseArgs(['ctl', 'scale', 'web', '+2']).positionals).toEqual(['scale', 'web', '+2']);
    expect(() => parseArgs(['-1'])).toThrow(/unknown option: -1/);
  });

  it('ends options at -- after the verb', () => {
    expect(parseArgs(['ctl', 'status', '--', '--json']).positionals).toEqual(['status', '--json']);
  });

  it('keeps refusing ctl-only options for other commands', () => {
    expect(() => parseArgs(['check', '-f'])).toThrow(/unknown option: -f/);
    expect(() => parseArgs(['-n', '3'])).toThrow(/unknown option: -n/);
    expect(() => parseArgs(['check', '--stderr'])).toThrow(/unknown option: --stderr/);
    expect(() => parseArgs(['check', '--group'])).toThrow(/unknown option: --group/);
    expect(() => parseArgs(['check', '--frob'])).toThrow(/unknown option: --frob/);
    expect(() => parseArgs(['ctl', 'tail', '-n'])).toThrow(/-n needs a value/);
  });
});
