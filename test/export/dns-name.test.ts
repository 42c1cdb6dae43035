import { describe, expect, it } from 'vitest';
import { dnsLabel, uniqueLabels } from '../../src/export/dns-name.js';

const RFC1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

describe('dnsLabel', () => {
  it.each([
    ['web', 'web'],
    ['Web_API.v2', 'web-api-v2'],
    ['--queue--', 'queue'],
    ['9lives', 'p-9lives'],
    ['___', 'p'],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'a'.repeat(62)}_b`, 'a'.repeat(62)],
  ])('%s → %s', (name, label) => {
    expect(dnsLabel(name)).toBe(label);
    expect(dnsLabel(name)).toMatch(RFC1035_LABEL);
  });
});

describe('uniqueLabels', () => {
  it('numbers names that come out the same, keeping each valid', () => {
    expect(uniqueLabels(['web_1', 'web.1', 'web-1', 'api'])).toEqual(['web-1', 'web-1-2', 'web-1-3', 'api']);
    const long = uniqueLabels(['x'.repeat(70), `${'x'.repeat(70)}!`]);
    expect(long[1]).toBe(`${'x'.repeat(61)}-2`);
    for (const label of long) expect(label).toMatch(RFC1035_LABEL);
  });
});
