import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/config/dotenv.js';

describe('parseDotenv', () => {
  it.each([
    ['A=1', { A: '1' }],
    ['A=1\nB=two words', { A: '1', B: 'two words' }],
    ['export A=1', { A: '1' }],
    ['  A = spaced  ', { A: 'spaced' }],
    ['# comment\n\nA=1\n   # indented comment', { A: '1' }],
    ['A=value # trailing comment', { A: 'value' }],
    ['A=no#comment', { A: 'no#comment' }],
    ['A=', { A: '' }],
    ["A='single $quoted \\n'", { A: 'single $quoted \\n' }],
    ['A="double\\nline\\t\\"q\\" \\\\"', { A: 'double\nline\t"q" \\' }],
    ['A="keeps # hash"', { A: 'keeps # hash' }],
    ['A="first\nsecond"\nB=2', { A: 'first\nsecond', B: '2' }],
    ['A=1\nA=2', { A: '2' }],
    ['A=1\r\nB=2\r\n', { A: '1', B: '2' }],
    ['URL=postgres://u:p%40ss@h/db', { URL: 'postgres://u:p%40ss@h/db' }],
  ])('parses %j', (text, vars) => {
    expect(parseDotenv(text)).toEqual({ vars, problems: [] });
  });

  it.each([
    ['A=1\nnot an assignment', [{ line: 2, column: 1, message: 'expected KEY=VALUE, got "not an assignment"' }]],
    ['1A=x', [{ line: 1, column: 1, message: 'expected a variable name of letters, digits and _, got "1A"' }]],
    ['A=1\nB="open\nC=3', [{ line: 2, column: 3, message: 'expected a closing ", got the end of the file' }]],
    ["A='x' y", [{ line: 1, column: 3, message: `expected nothing or a # comment after the closing ', got "y"` }]],
  ])('reports problems in %j with line numbers', (text, problems) => {
    expect(parseDotenv(text).problems).toEqual(problems);
  });

  it('keeps the good lines when others are bad', () => {
    expect(parseDotenv('A=1\n???\nB=2').vars).toEqual({ A: '1', B: '2' });
  });
});
