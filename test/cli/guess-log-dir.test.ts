import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guessLogDir } from '../../src/cli/commands/guess-log-dir.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-guess-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const guess = (text: string) => {
  writeFileSync(path.join(dir, 'programs.yaml'), text);
  return guessLogDir(path.join(dir, 'programs.yaml'));
};
const programs = 'programs:\n  web:\n    command: sleep 1000\n';

describe('guessLogDir', () => {
  it.each([
    ['no logdir: the default logs beside the config', programs, 'logs'],
    ['a plain relative path', `supervisor:\n  logdir: var/log\n${programs}`, 'var/log'],
    ['an absolute path, a comment after it', `supervisor:\n  logdir: /srv/drover/logs  # ours\n${programs}`, '/srv/drover/logs'],
    ['double quotes', `supervisor:\n  logdir: "my logs"\n${programs}`, 'my logs'],
    ['single quotes', `supervisor:\n  logdir: 'l'\n${programs}`, 'l'],
    ['JSON, one key a line', `{\n  "supervisor": {\n    "logdir": "out/logs",\n    "socket": "s.sock"\n  },\n  "programs": {}\n}\n`, 'out/logs'],
  ])('reads %s', (_, text, expected) => {
    expect(guess(text)).toBe(path.resolve(dir, expected));
  });

  it.each([
    ['an environment variable', `supervisor:\n  logdir: \${LOGS}\n${programs}`],
    ['a home-relative path', `supervisor:\n  logdir: ~/logs\n${programs}`],
    ['an escape in a quoted value', `supervisor:\n  logdir: "a\\tb"\n${programs}`],
    ['an alias', `x: &d out\nsupervisor:\n  logdir: *d\n${programs}`],
    ['two mentions', `supervisor:\n  logdir: a\n# logdir: b\n${programs}`],
    ['a mention that is not a key line', `supervisor: { logdir: a }\n${programs}`],
    ['one-line JSON', `{"supervisor": {"logdir": "a"}, "programs": {}}`],
  ])('gives up on %s', (_, text) => {
    expect(guess(text)).toBeNull();
  });

  it('gives up on a file it cannot read (the parse reports it)', () => {
    expect(guessLogDir(path.join(dir, 'missing.yaml'))).toBeNull();
  });
});
