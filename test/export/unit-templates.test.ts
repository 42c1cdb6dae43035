import { describe, expect, it } from 'vitest';
import { expandForUnit, instanceName, processNumFormat, usesProcessNum } from '../../src/export/unit-templates.js';

const vars = { program_name: 'web', process_num: 7, group_name: 'backend', host_node_name: 'box', here: '/srv/app', numprocs: 3, ENV_HOME: '/home/me' };

describe('expandForUnit', () => {
  it.each([
    ['%(program_name)s_%(process_num)02d', 'web_%i'],
    ['--name=%(program_name)s@%(host_node_name)s', '--name=web@%H'],
    ['%(here)s/logs/%(group_name)s-%(numprocs)d.log', '/srv/app/logs/backend-3.log'],
    ['%(ENV_HOME)s/bin', '/home/me/bin'],
    ['50%% off', '50%% off'],
    ['plain', 'plain'],
  ])('%s → %s', (template, unitText) => {
    expect(expandForUnit(template, vars)).toBe(unitText);
  });

  it('escapes a % that comes from a value, so systemd reads no specifier there', () => {
    expect(expandForUnit('%(ENV_X)s', { ...vars, ENV_X: 'a%ib' })).toBe('a%%ib');
  });
});

describe('processNumFormat', () => {
  it.each([
    [['node app.js'], { kind: 'plain' }],
    [['--n=%(process_num)d', '%(process_num)s'], { kind: 'plain' }],
    [['--port=80%(process_num)02d', 'log-%(process_num)02d'], { kind: 'zero-padded', width: 2 }],
    [['%(process_num)02d', '%(process_num)03d'], { kind: 'mixed' }],
    [['%(process_num)02d', '%(process_num)d'], { kind: 'mixed' }],
    [['%(process_num)3d'], { kind: 'mixed' }],
  ])('%j → %j', (templates, format) => {
    expect(processNumFormat(templates)).toEqual(format);
  });

  it('names instances the way the templates write the number', () => {
    expect(instanceName(3, { kind: 'zero-padded', width: 2 })).toBe('03');
    expect(instanceName(123, { kind: 'zero-padded', width: 2 })).toBe('123');
    expect(instanceName(3, { kind: 'plain' })).toBe('3');
  });

  it('tells whether a program uses its process number at all', () => {
    expect(usesProcessNum(['rq', 'worker', '--name=w%(process_num)d'])).toBe(true);
    expect(usesProcessNum(['rq', 'worker', '%(program_name)s'])).toBe(false);
  });
});
