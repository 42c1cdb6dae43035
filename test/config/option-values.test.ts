import { describe, expect, it } from 'vitest';
import { integerParser, parseAutorestart, parseExitcodes, parseLogTarget, parseStartretries, parseUmask, parseUser, stringListParser } from '../../src/config/option-values.js';
import { parseSignal } from '../../src/config/parse-signal.js';

const ok = (value: unknown) => ({ ok: true, value });
const no = (message: string) => ({ ok: false, message });

describe('option value parsers', () => {
  it.each([
    ['TERM', ok('TERM')],
    ['SIGTERM', ok('TERM')],
    ['sigusr1', ok('USR1')],
    ['winch', ok('WINCH')],
    ['SIGFOO', no('expected a signal name such as TERM, INT, QUIT, HUP, KILL, USR1 or USR2, got "SIGFOO"')],
    [15, no('expected a signal name such as TERM, INT, QUIT, HUP, KILL, USR1 or USR2, got 15')],
  ])('parseSignal(%j)', (input, result) => expect(parseSignal(input)).toEqual(result));

  it.each([
    ['022', ok(0o22)],
    ['0o022', ok(0o22)],
    ['0O77', ok(0o77)],
    ['0', ok(0)],
    [0o22, ok(0o22)],
    ['0o999', no('expected an octal umask such as 022 or 0o022, got "0o999"')],
    ['1000', no('expected an octal umask such as 022 or 0o022, got "1000"')],
    [-1, no('expected an octal umask such as 022 or 0o022, got -1')],
  ])('parseUmask(%j)', (input, result) => expect(parseUmask(input)).toEqual(result));

  it.each([
    [0, ok([0])],
    [[0, 2], ok([0, 2])],
    [[], ok([])],
    [256, no('expected an exit code from 0 to 255, or a list of them, got 256')],
    [[0, -1], no('expected an exit code from 0 to 255, or a list of them, got -1')],
    ['0', no('expected an exit code from 0 to 255, or a list of them, got "0"')],
  ])('parseExitcodes(%j)', (input, result) => expect(parseExitcodes(input)).toEqual(result));

  it.each([
    [3, ok(3)],
    [0, ok(0)],
    ['infinite', ok(Infinity)],
    [-1, no('expected a whole number ≥ 0 or infinite, got -1')],
    ['forever', no('expected a whole number ≥ 0 or infinite, got "forever"')],
  ])('parseStartretries(%j)', (input, result) => expect(parseStartretries(input)).toEqual(result));

  it.each([
    [true, ok(true)],
    [false, ok(false)],
    ['unexpected', ok('unexpected')],
    ['always', no('expected true, false or unexpected, got "always"')],
  ])('parseAutorestart(%j)', (input, result) => expect(parseAutorestart(input)).toEqual(result));

  it.each([
    ['www-data', ok('www-data')],
    [1000, ok('1000')],
    [-5, no('expected a user name or a numeric uid, got -5')],
  ])('parseUser(%j)', (input, result) => expect(parseUser(input)).toEqual(result));

  it.each([
    ['auto', ok({ kind: 'auto' })],
    ['AUTO', ok({ kind: 'auto' })],
    ['none', ok({ kind: 'none' })],
    ['NONE', ok({ kind: 'none' })],
    ['console', ok({ kind: 'console' })],
    ['CONSOLE', ok({ kind: 'console' })],
    ['logs/web.log', ok({ kind: 'file', path: 'logs/web.log' })],
    ['', no('expected auto, none, console or a file path, got ""')],
  ])('parseLogTarget(%j)', (input, result) => expect(parseLogTarget(input)).toEqual(result));

  it.each([
    [1, ok(1)],
    [0, no('expected a whole number ≥ 1, got 0')],
    [2.5, no('expected a whole number ≥ 1, got 2.5')],
    ['3', no('expected a whole number ≥ 1, got "3"')],
  ])('integerParser(1)(%j)', (input, result) => expect(integerParser(1)(input)).toEqual(result));

  it.each([
    ['web', ok(['web'])],
    [['web', 'db'], ok(['web', 'db'])],
    [['web', 3], no('expected a program name, got 3')],
    [{}, no('expected a program name, or a list of them, got a mapping')],
  ])('stringListParser(%j)', (input, result) => expect(stringListParser('a program name')(input)).toEqual(result));
});
