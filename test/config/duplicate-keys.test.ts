import { describe, expect, it } from 'vitest';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();

describe('duplicate keys', () => {
  it('accepts distinct program names', async () => {
    const config = await t.config(lines('programs:', '  web:', '    command: x', '  web2:', '    command: y'));
    expect(config.programs.map((p) => p.name)).toEqual(['web', 'web2']);
  });

  it('reports a repeated program at the repeat, naming the first line', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '  web:', '    command: y'))).toEqual([
      'programs.yaml:4:3: programs.web: duplicate key "web": it is already defined at line 2',
    ]);
  });

  it('reports a repeated option inside a program', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '    numprocs: 2', '    numprocs: 3'))).toEqual([
      'programs.yaml:5:5: programs.web.numprocs: duplicate key "numprocs": it is already defined at line 4',
    ]);
  });

  it('positions other problems in the definition that is used (the last)', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '  web:', '    command: y', '    startsecs: soon'))).toEqual([
      'programs.yaml:4:3: programs.web: duplicate key "web": it is already defined at line 2',
      'programs.yaml:6:16: programs.web.startsecs: expected a duration like 500ms, 30s or a number of seconds, got "soon"',
    ]);
  });
});
