import { describe, expect, it } from 'vitest';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();

const rules = [
  {
    rule: 'template keys in command arguments must be known',
    valid: lines('programs:', '  web:', '    command: serve --name %(program_name)s-%(process_num)d --host %(host_node_name)s'),
    invalid: lines('programs:', '  web:', '    command: serve --name %(program)s'),
    errors: [
      'programs.yaml:3:14: programs.web.command: expected a template key (program_name, process_num, group_name, host_node_name, here, numprocs or ENV_<NAME>), got %(program)s',
    ],
  },
  {
    rule: 'a misspelt template key gets a suggestion; list commands point at the argument',
    valid: lines('programs:', '  web:', '    command: [serve, "%(group_name)s"]'),
    invalid: lines('programs:', '  web:', '    command: [serve, "%(grup_name)s"]'),
    errors: [
      'programs.yaml:3:22: programs.web.command[1]: expected a template key (program_name, process_num, group_name, host_node_name, here, numprocs or ENV_<NAME>), got %(grup_name)s; did you mean %(group_name)s?',
    ],
  },
  {
    rule: 'ENV_ keys need the variable to be set',
    valid: lines('programs:', '  web:', '    command: x', '    stdout_logfile: "%(ENV_HOME)s/web.log"'),
    invalid: lines('programs:', '  web:', '    command: x', '    stdout_logfile: "%(ENV_NOPE)s/web.log"'),
    errors: ['programs.yaml:4:21: programs.web.stdout_logfile: %(ENV_NOPE)s refers to the environment variable NOPE, which is not set'],
  },
  {
    rule: 'a lone % must be written %%',
    valid: lines('programs:', '  web:', '    command: date +%%s', '    environment: { RATIO: "50%%" }'),
    invalid: lines('programs:', '  web:', '    command: date +%s', '    environment: { RATIO: "50%" }'),
    errors: [
      'programs.yaml:3:14: programs.web.command: expected %(name)s or %% for a literal %, got "%s"',
      'programs.yaml:4:27: programs.web.environment.RATIO: expected %(name)s or %% for a literal %, got "%"',
    ],
  },
  {
    rule: 'process_name templates are checked',
    valid: lines('programs:', '  web:', '    command: x', '    process_name: "%(program_name)s"'),
    invalid: lines('programs:', '  web:', '    command: x', '    process_name: "%(program_name)"'),
    errors: ['programs.yaml:4:19: programs.web.process_name: expected %(name)s, %(name)d or %(name)02d, got "%(program_name)"'],
  },
];

describe.each(rules)('$rule', ({ valid, invalid, errors }) => {
  it('accepts the valid file', async () => {
    await expect(t.config(valid, { HOME: '/home/app' })).resolves.toBeDefined();
  });

  it('reports the invalid file', async () => {
    expect(await t.errors(invalid, { HOME: '/home/app' })).toEqual(errors);
  });
});
