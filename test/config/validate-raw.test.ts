import { describe, expect, it } from 'vitest';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();

interface Rule {
  rule: string;
  valid: string;
  invalid: string;
  errors: string[];
}

const rules: Rule[] = [
  {
    rule: 'an unknown program option is reported at its key with a suggestion',
    valid: lines('programs:', '  web:', '    command: node app.js', '    startsecs: 5'),
    invalid: lines('programs:', '  web:', '    command: node app.js', '    startsec: 5', '    autorestrat: true'),
    errors: [
      'programs.yaml:4:5: programs.web.startsec: unknown option "startsec"; did you mean "startsecs"?',
      'programs.yaml:5:5: programs.web.autorestrat: unknown option "autorestrat"; did you mean "autorestart"?',
    ],
  },
  {
    rule: 'an unknown option with nothing close gets no suggestion',
    valid: lines('programs:', '  web:', '    command: x'),
    invalid: lines('programs:', '  web:', '    command: x', '    restart_policy: always'),
    errors: ['programs.yaml:4:5: programs.web.restart_policy: unknown option "restart_policy"'],
  },
  {
    rule: 'unknown top-level and supervisor keys are reported',
    valid: lines('supervisor:', '  logdir: var/log', 'programs:', '  web:', '    command: x'),
    invalid: lines('supervisor:', '  logdirs: var/log', 'program:', '  web:', '    command: x'),
    errors: [
      'programs.yaml:1:1: programs: expected a mapping of program names to their options under programs:, got nothing',
      'programs.yaml:2:3: supervisor.logdirs: unknown option "logdirs"; did you mean "logdir"?',
      'programs.yaml:3:1: program: unknown option "program"; did you mean "programs"?',
    ],
  },
  {
    rule: 'a value of the wrong type says what was expected and found',
    valid: lines('programs:', '  web:', '    command: x', '    autostart: false', '    startsecs: 1.5', '    environment: { PORT: 8000, DEBUG: true }'),
    invalid: lines('programs:', '  web:', '    command: x', '    autostart: "no"', '    startsecs: soon', '    environment: { PORT: [8000] }'),
    errors: [
      'programs.yaml:4:16: programs.web.autostart: expected true or false, got "no"',
      'programs.yaml:5:16: programs.web.startsecs: expected a duration like 500ms, 30s or a number of seconds, got "soon"',
      'programs.yaml:6:26: programs.web.environment.PORT: expected a string, number or boolean, got a list',
    ],
  },
  {
    rule: 'negative numbers are errors',
    valid: lines('programs:', '  web:', '    command: x', '    priority: 0', '    stopwaitsecs: 0', '    stdout_logfile_backups: 0'),
    invalid: lines('programs:', '  web:', '    command: x', '    priority: -1', '    stopwaitsecs: -2', '    stdout_logfile_backups: -3', '    numprocs_start: -1'),
    errors: [
      'programs.yaml:4:15: programs.web.priority: expected a whole number ≥ 0, got -1',
      'programs.yaml:5:19: programs.web.stopwaitsecs: expected a duration like 500ms, 30s or a number of seconds, got -2',
      'programs.yaml:6:29: programs.web.stdout_logfile_backups: expected a whole number ≥ 0, got -3',
      'programs.yaml:7:21: programs.web.numprocs_start: expected a whole number ≥ 0, got -1',
    ],
  },
  {
    rule: 'numprocs must be at least 1',
    valid: lines('programs:', '  web:', '    command: x', '    numprocs: 1'),
    invalid: lines('programs:', '  web:', '    command: x', '    numprocs: 0'),
    errors: ['programs.yaml:4:15: programs.web.numprocs: expected a whole number ≥ 1, got 0'],
  },
  {
    rule: 'an empty command is an error',
    valid: lines('programs:', '  web:', '    command: [node, app.js]'),
    invalid: lines('programs:', '  web:', '    command: "  "', '  api:', '    command: []'),
    errors: [
      'programs.yaml:3:14: programs.web.command: expected a command to run, got "  "',
      'programs.yaml:5:14: programs.api.command: expected a command string or a non-empty list of arguments, got a list with no items',
    ],
  },
  {
    rule: 'a missing command is reported at the program key',
    valid: lines('programs:', '  web:', '    command: x'),
    invalid: lines('programs:', '  web:', '    autostart: true', '  api:', '    command:'),
    errors: [
      'programs.yaml:2:3: programs.web.command: expected a command string or a non-empty list of arguments, got nothing',
      'programs.yaml:5:5: programs.api.command: expected a command string or a non-empty list of arguments, got nothing',
    ],
  },
  {
    rule: 'a shell operator in a command string suggests sh -c',
    valid: lines('programs:', '  web:', `    command: sh -c 'node app.js | tee out.log'`),
    invalid: lines('programs:', '  web:', '    command: node app.js | tee out.log'),
    errors: [
      `programs.yaml:3:14: programs.web.command: found the shell operator "|", but drover runs commands without a shell; to use one, write: sh -c 'node app.js | tee out.log'`,
    ],
  },
  {
    rule: 'a command starting with NAME=value says to move it to environment (it would be taken for the program)',
    valid: lines('programs:', '  web:', `    command: sh -c 'REMAP_SIGTERM=SIGQUIT exec celery worker'`, '  api:', '    command: env PORT=3000 node app.js'),
    invalid: lines('programs:', '  web:', '    command: REMAP_SIGTERM=SIGQUIT celery worker', '  api:', '    command: [PORT=3000, "DEBUG=a b", node, app.js]'),
    errors: [
      'programs.yaml:3:14: programs.web.command: REMAP_SIGTERM=SIGQUIT is a shell variable assignment, but drover runs commands without a shell ' +
        'and would look for a program named "REMAP_SIGTERM=SIGQUIT"; move REMAP_SIGTERM=SIGQUIT to environment: (REMAP_SIGTERM: SIGQUIT), or run the command with sh -c \'…\'',
      'programs.yaml:5:15: programs.api.command[0]: PORT=3000 DEBUG=a b is a shell variable assignment, but drover runs commands without a shell ' +
        'and would look for a program named "PORT=3000"; move PORT=3000 DEBUG=a b to environment: (PORT: 3000, DEBUG: a b), or run the command with sh -c \'…\'',
    ],
  },
  {
    rule: 'an unterminated quote in a command is an error',
    valid: lines('programs:', '  web:', `    command: echo "it's fine"`),
    invalid: lines('programs:', '  web:', `    command: echo it's broken`),
    errors: [`programs.yaml:3:14: programs.web.command: expected a closing ' for the one at character 8, got the end of the command`],
  },
  {
    rule: 'hooks of prefork programs must be a mapping of hook names',
    valid: lines('programs:', '  web:', '    type: prefork', '    command: x', '    bind: 127.0.0.1:8000', '    hooks: { when_ready: echo up }'),
    invalid: lines('programs:', '  web:', '    type: prefork', '    command: x', '    bind: 127.0.0.1:8000', '    hooks: echo up'),
    errors: ['programs.yaml:6:12: programs.web.hooks: expected a mapping of hook names to shell commands, such as { when_ready: "./notify.sh" }, got "echo up"'],
  },
  {
    rule: 'prefork options on a plain program are errors',
    valid: lines('programs:', '  web:', '    command: x'),
    invalid: lines('programs:', '  web:', '    command: x', '    workers: 4'),
    errors: ['programs.yaml:4:5: programs.web.workers: workers is an option of type: prefork programs'],
  },
  {
    rule: 'watch takes paths, and an action of restart or reload',
    valid: lines('programs:', '  web:', '    command: x', '    watch: [src/**/*.py]'),
    invalid: lines('programs:', '  web:', '    command: x', '    watch: { paths: src, action: bounce }'),
    errors: ['programs.yaml:4:34: programs.web.watch.action: expected restart or reload, got "bounce"'],
  },
  {
    rule: 'an unknown type is an error',
    valid: lines('programs:', '  web:', '    type: plain', '    command: x'),
    invalid: lines('programs:', '  web:', '    type: cron', '    command: x'),
    errors: ['programs.yaml:3:11: programs.web.type: expected plain, prefork or oneshot, got "cron"'],
  },
  {
    rule: 'a one-shot takes no autorestart, startsecs or readiness, nor prefork options, and needs a command',
    valid: lines('programs:', '  release:', '    type: oneshot', '    command: ./migrate', '    exitcodes: [0, 2]', '    startretries: 0'),
    invalid: lines(
      'programs:',
      '  release:',
      '    type: oneshot',
      '    command: ./migrate',
      '    autorestart: true',
      '    startsecs: 5',
      '    readiness: { tcp: ":5432" }',
      '    workers: 2',
      '  seed:',
      '    type: oneshot',
    ),
    errors: [
      'programs.yaml:5:5: programs.release.autorestart: autorestart does not apply to type: oneshot: a one-shot runs once each time it is started, and a failed run is retried per startretries',
      'programs.yaml:6:5: programs.release.startsecs: startsecs does not apply to type: oneshot: a one-shot is done when it exits with a code in exitcodes, however soon',
      'programs.yaml:7:5: programs.release.readiness: readiness does not apply to type: oneshot: a one-shot is done when it exits with a code in exitcodes, however soon',
      'programs.yaml:8:5: programs.release.workers: workers is an option of type: prefork programs',
      'programs.yaml:9:3: programs.seed.command: expected a command string or a non-empty list of arguments, got nothing',
    ],
  },
  {
    rule: 'program names are restricted',
    valid: lines('programs:', '  web.v2_x-y:', '    command: x'),
    invalid: lines('programs:', '  "web:1":', '    command: x'),
    errors: ['programs.yaml:2:3: programs.web:1: program names may contain only letters, digits, "_", "." and "-" (":" separates program and process in patterns), got "web:1"'],
  },
  {
    rule: 'a program must be a mapping',
    valid: lines('programs:', '  web:', '    command: node app.js'),
    invalid: lines('programs:', '  web: node app.js'),
    errors: ['programs.yaml:2:8: programs.web: expected a mapping of program options such as command:, got "node app.js"'],
  },
  {
    rule: 'programs must be a non-empty mapping',
    valid: lines('programs:', '  web:', '    command: x'),
    invalid: lines('programs: {}'),
    errors: ['programs.yaml:1:11: programs: expected at least one program under programs:, got an empty mapping'],
  },
  {
    rule: 'programs as a list is an error',
    valid: lines('programs:', '  web:', '    command: x'),
    invalid: lines('programs:', '  - web'),
    errors: ['programs.yaml:2:3: programs: expected a mapping of program names to their options, got a list'],
  },
  {
    rule: 'signals, exit codes and autorestart accept only known values',
    valid: lines('programs:', '  web:', '    command: x', '    stopsignal: SIGINT', '    exitcodes: [0, 2]', '    autorestart: unexpected'),
    invalid: lines('programs:', '  web:', '    command: x', '    stopsignal: STOP_NOW', '    exitcodes: [0, 300]', '    autorestart: always'),
    errors: [
      'programs.yaml:4:17: programs.web.stopsignal: expected a signal name such as TERM, INT, QUIT, HUP, KILL, USR1 or USR2, got "STOP_NOW"',
      'programs.yaml:5:16: programs.web.exitcodes: expected an exit code from 0 to 255, or a list of them, got 300',
      'programs.yaml:6:18: programs.web.autorestart: expected true, false or unexpected, got "always"',
    ],
  },
  {
    rule: 'sizes are checked',
    valid: lines('programs:', '  web:', '    command: x', '    stdout_logfile_maxbytes: 10KB', '    stderr_logfile_maxbytes: 0'),
    invalid: lines('programs:', '  web:', '    command: x', '    stdout_logfile_maxbytes: 10 parsecs'),
    errors: ['programs.yaml:4:30: programs.web.stdout_logfile_maxbytes: expected a size like 512B, 10KB, 50MB or 1GiB, or a number of bytes, got "10 parsecs"'],
  },
  {
    rule: 'a group must list program names',
    valid: lines('programs:', '  web:', '    command: x', 'groups:', '  backend: web'),
    invalid: lines('programs:', '  web:', '    command: x', 'groups:', '  backend: { web: 1 }'),
    errors: ['programs.yaml:5:12: groups.backend: expected a program name, or a list of them, got a mapping'],
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
