import { describe, expect, it } from 'vitest';
import { expandTemplate, findTemplateKeys, parseTemplate, substituteTemplateKeys } from '../../src/config/expand-template.js';

const vars = { program_name: 'web', process_num: 3, numprocs: 4, here: '/srv/app', ENV_HOME: '/root', text_num: '7' };

describe('expandTemplate', () => {
  it.each([
    ['%(program_name)s', 'web'],
    ['%(program_name)s_%(process_num)02d', 'web_03'],
    ['%(process_num)d', '3'],
    ['%(process_num)03d of %(numprocs)d', '003 of 4'],
    ['%(text_num)02d', '07'],
    ['[%(program_name)5s]', '[  web]'],
    ['[%(program_name)-5s]', '[web  ]'],
    ['%(here)s/logs/%(ENV_HOME)s', '/srv/app/logs//root'],
    ['100%% sure', '100% sure'],
    ['no templates', 'no templates'],
    ['', ''],
  ])('%j → %j', (template, expected) => {
    expect(expandTemplate(template, vars)).toBe(expected);
  });

  it.each([
    ['%(missing)s', 'template key "missing" has no value'],
    ['%(program_name)d', 'template key "program_name" needs a number for %d, got "web"'],
    ['50%', 'invalid template "50%": expected %(name)s or %% for a literal %, got "%"'],
    ['%(program_name', 'invalid template "%(program_name": expected a closing ) in "%(program_name"'],
    ['%(program_name)x', 'invalid template "%(program_name)x": expected %(name)s, %(name)d or %(name)02d, got "%(program_name)x"'],
  ])('throws a TypeError for %j', (template, message) => {
    expect(() => expandTemplate(template, vars)).toThrow(new TypeError(message));
  });
});

describe('findTemplateKeys', () => {
  it.each([
    ['%(program_name)s_%(process_num)02d', ['program_name', 'process_num']],
    ['%(a)s %(b)d %(a)s', ['a', 'b']],
    ['%%(not_a_key)s', []],
    ['plain', []],
  ])('%j → %j', (template, keys) => {
    expect(findTemplateKeys(template)).toEqual(keys);
  });

  it('throws on bad syntax', () => {
    expect(() => findTemplateKeys('%(x')).toThrow(TypeError);
  });
});

describe('parseTemplate', () => {
  it('describes a key with its format', () => {
    expect(parseTemplate('n=%(process_num)02d')).toEqual({
      ok: true,
      value: [
        { kind: 'text', text: 'n=' },
        { kind: 'key', key: 'process_num', leftAlign: false, zeroPad: true, width: 2, conversion: 'd', raw: '%(process_num)02d' },
      ],
    });
  });
});

describe('substituteTemplateKeys', () => {
  it.each([
    ['%(here)s/%(program_name)s.log', '/srv/%(program_name)s.log'],
    ['%(here)s/100%%.log', '/srv/100%%.log'],
    ['%(process_num)02d', '%(process_num)02d'],
    ['bad %', 'bad %'],
  ])('settles only the given keys in %j', (template, expected) => {
    expect(substituteTemplateKeys(template, { here: '/srv' })).toBe(expected);
  });
});
