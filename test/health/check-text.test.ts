import { describe, expect, it } from 'vitest';
import type { ProbeCheck } from '../../src/config/types.js';
import { describeCheck } from '../../src/health/probe-runner.js';
import { cleanText, errorText } from '../../src/health/error-text.js';
import { LogMatcher } from '../../src/health/log-matcher.js';

describe('describeCheck', () => {
  it.each<[ProbeCheck, string]>([
    [{ kind: 'http', url: 'http://127.0.0.1:8000/health' }, 'http http://127.0.0.1:8000/health'],
    [{ kind: 'http', url: 'https://probe:s3cret@example.test/up' }, 'http https://probe:***@example.test/up'],
    [{ kind: 'tcp', host: '127.0.0.1', port: 5432 }, 'tcp 127.0.0.1:5432'],
    [{ kind: 'tcp', host: '::1', port: 6379 }, 'tcp [::1]:6379'],
    [{ kind: 'exec', argv: ['./check.sh', '--quick'] }, 'exec ./check.sh --quick'],
    [{ kind: 'exec', argv: ['sh', '-c', 'exit 1'] }, 'exec sh -c "exit 1"'],
    [{ kind: 'log', pattern: 'ready in \\d+ms' }, 'log /ready in \\d+ms/'],
  ])('%j → %s', (check, expected) => {
    expect(describeCheck(check)).toBe(expected);
  });
});

describe('error text', () => {
  it('replaces control characters and caps the length', () => {
    expect(cleanText('bad\u001b[31m red\r\nfake log line')).toBe('bad [31m red fake log line');
    expect(cleanText('x'.repeat(1000))).toHaveLength(300);
  });

  it('uses the inner errors of an empty AggregateError', () => {
    const err = new AggregateError([new Error('connect ECONNREFUSED ::1:80'), new Error('connect ECONNREFUSED 127.0.0.1:80')], '');
    expect(errorText(err)).toBe('connect ECONNREFUSED ::1:80; connect ECONNREFUSED 127.0.0.1:80');
  });
});

describe('LogMatcher', () => {
  it('tests only the start of a huge line', () => {
    const matcher = new LogMatcher('needle');
    matcher.feed(['x'.repeat(1_000_000) + 'needle']);
    expect(matcher.hasMatched).toBe(false);
    matcher.feed(['needle' + 'x'.repeat(1_000_000)]);
    expect(matcher.hasMatched).toBe(true);
  });

  it('tests lines one at a time and forgets a match on reset', () => {
    const matcher = new LogMatcher('^b$');
    matcher.feed(['a', 'b', 'c']);
    expect(matcher.hasMatched).toBe(true);
    matcher.reset();
    expect(matcher.hasMatched).toBe(false);
    matcher.feed(['ab', 'bc']);
    expect(matcher.hasMatched).toBe(false);
  });
});
