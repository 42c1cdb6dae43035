import { describe, expect, it } from 'vitest';
import { formatConfigError, formatOptionPath } from '../../src/config/format-config-error.js';

describe('formatConfigError', () => {
  it('prints file:line:col: path: message', () => {
    expect(formatConfigError({ file: '/etc/drover/programs.yaml', line: 4, column: 5, path: 'programs.web.startsecs', message: 'bad' })).toBe(
      '/etc/drover/programs.yaml:4:5: programs.web.startsecs: bad',
    );
  });

  it('leaves out an empty path', () => {
    expect(formatConfigError({ file: 'p.yaml', line: 1, column: 1, path: '', message: 'empty' })).toBe('p.yaml:1:1: empty');
  });
});

describe('formatOptionPath', () => {
  it.each([
    [[], ''],
    [['programs', 'web'], 'programs.web'],
    [['programs', 'web', 'exitcodes', 1], 'programs.web.exitcodes[1]'],
    [['groups', 'backend', 0], 'groups.backend[0]'],
  ])('%j → %s', (path, text) => expect(formatOptionPath(path)).toBe(text));
});
