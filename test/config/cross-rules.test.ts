import { describe, expect, it } from 'vitest';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();

const rules = [
  {
    rule: 'depends_on must name a program in the file',
    valid: lines('programs:', '  web:', '    command: x', '    depends_on: [db]', '  db:', '    command: y'),
    invalid: lines('programs:', '  web:', '    command: x', '    depends_on: [bd, cache]', '  db:', '    command: y'),
    errors: [
      'programs.yaml:4:18: programs.web.depends_on[0]: depends on "bd", which is not a program in this file; did you mean "db"?',
      'programs.yaml:4:22: programs.web.depends_on[1]: depends on "cache", which is not a program in this file',
    ],
  },
  {
    rule: 'depends_on as a single string is positioned at the string',
    valid: lines('programs:', '  web:', '    command: x', '    depends_on: db', '  db:', '    command: y'),
    invalid: lines('programs:', '  web:', '    command: x', '    depends_on: dbx'),
    errors: ['programs.yaml:4:17: programs.web.depends_on: depends on "dbx", which is not a program in this file'],
  },
  {
    rule: 'a dependency on a program that failed validation is not called unknown',
    valid: lines('programs:', '  web:', '    command: x', '    depends_on: db', '  db:', '    command: y'),
    invalid: lines('programs:', '  web:', '    command: x', '    depends_on: db', '  db:', '    command: y', '    startsecs: later'),
    errors: ['programs.yaml:7:16: programs.db.startsecs: expected a duration like 500ms, 30s or a number of seconds, got "later"'],
  },
  {
    rule: 'a depends_on cycle is reported at every depends_on on it',
    valid: lines('programs:', '  a:', '    command: x', '    depends_on: [b]', '  b:', '    command: x', '    depends_on: [c]', '  c:', '    command: x'),
    invalid: lines('programs:', '  a:', '    command: x', '    depends_on: [b]', '  b:', '    command: x', '    depends_on: [c]', '  c:', '    command: x', '    depends_on: [a]'),
    errors: [
      'programs.yaml:4:18: programs.a.depends_on[0]: dependency cycle: a -> b -> c -> a',
      'programs.yaml:7:18: programs.b.depends_on[0]: dependency cycle: b -> c -> a -> b',
      'programs.yaml:10:18: programs.c.depends_on[0]: dependency cycle: c -> a -> b -> c',
    ],
  },
  {
    rule: 'a program depending on itself is a cycle',
    valid: lines('programs:', '  a:', '    command: x'),
    invalid: lines('programs:', '  a:', '    command: x', '    depends_on: a'),
    errors: ['programs.yaml:4:17: programs.a.depends_on: dependency cycle: a -> a'],
  },
  {
    rule: 'a group must name programs in the file',
    valid: lines('programs:', '  web:', '    command: x', '  worker:', '    command: y', 'groups:', '  backend: [web, worker]'),
    invalid: lines('programs:', '  web:', '    command: x', '  worker:', '    command: y', 'groups:', '  backend: [web, wroker, mail]'),
    errors: [
      'programs.yaml:7:18: groups.backend[1]: group member "wroker" is not a program in this file; did you mean "worker"?',
      'programs.yaml:7:26: groups.backend[2]: group member "mail" is not a program in this file',
    ],
  },
  {
    rule: 'a group may not share a name with a program',
    valid: lines('programs:', '  web:', '    command: x', 'groups:', '  frontend: [web]'),
    invalid: lines('programs:', '  web:', '    command: x', 'groups:', '  web: [web]'),
    errors: ['programs.yaml:5:3: groups.web: group "web" has the same name as a program, so the pattern "web:*" would be ambiguous'],
  },
  {
    rule: 'an explicit process_name needs %(process_num) when numprocs > 1',
    valid: lines('programs:', '  worker:', '    command: x', '    numprocs: 2', '    process_name: "w-%(process_num)d"'),
    invalid: lines('programs:', '  worker:', '    command: x', '    numprocs: 2', '    process_name: worker'),
    errors: [
      'programs.yaml:5:19: programs.worker.process_name: expected process_name to contain %(process_num) when numprocs is 2, got "worker", which would give every process the same name',
    ],
  },
  {
    rule: 'an explicit process_name without %(process_num) is fine for one process',
    valid: lines('programs:', '  worker:', '    command: x', '    process_name: main'),
    invalid: lines('programs:', '  worker:', '    command: x', '    numprocs: 3', '    process_name: main'),
    errors: [
      'programs.yaml:5:19: programs.worker.process_name: expected process_name to contain %(process_num) when numprocs is 3, got "main", which would give every process the same name',
    ],
  },
  {
    // As in supervisord, a process is GROUP:PROCESS, and a program outside a group is its own group.
    rule: 'process names may not collide within a group',
    valid: lines('programs:', '  web:', '    command: x', '  api:', '    command: y', '    process_name: web'),
    invalid: lines('programs:', '  web:', '    command: x', '  api:', '    command: y', '    process_name: web', 'groups:', '  site: [web, api]'),
    errors: ['programs.yaml:6:19: programs.api.process_name: process name "site:web" is also used by program "web"'],
  },
  {
    rule: 'process name collisions are found after expanding every process',
    valid: lines('programs:', '  tasks:', '    command: x', '    numprocs: 2', '  tasks_02:', '    command: y', 'groups:', '  jobs: [tasks, tasks_02]'),
    invalid: lines('programs:', '  tasks:', '    command: x', '    numprocs: 2', '  tasks_01:', '    command: y', 'groups:', '  jobs: [tasks, tasks_01]'),
    errors: ['programs.yaml:5:3: programs.tasks_01: process name "jobs:tasks_01" is also used by program "tasks"'],
  },
];

describe.each(rules)('$rule', ({ valid, invalid, errors }) => {
  it('accepts the valid file', async () => {
    await expect(t.config(valid)).resolves.toBeDefined();
  });

  it('reports the invalid file', async () => {
    expect(await t.errors(invalid)).toEqual(errors);
  });
});
