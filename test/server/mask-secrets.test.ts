import { describe, expect, it } from 'vitest';
import { looksSecret, MASK, maskEnvironment } from '../../src/server/mask-secrets.js';

describe('maskEnvironment', () => {
  it('masks the values of keys that look secret and leaves the rest', () => {
    for (const key of [
      'PASSWORD',
      'DB_PASS',
      'PGPASSWORD',
      'SECRET_KEY_BASE',
      'GITHUB_TOKEN',
      'API_KEY',
      'apikey',
      'AWS_SECRET_ACCESS_KEY',
      'PRIVATE_KEY',
      'SESSION_SECRET',
      'AUTH_HEADER',
      'SENTRY_DSN',
      'STRIPE_KEY',
      'COOKIE_SALT',
    ]) {
      expect(looksSecret(key), key).toBe(true);
    }
    for (const key of ['PATH', 'NODE_ENV', 'PORT', 'HOME', 'WORKERS', 'KEYBOARD_LAYOUT', 'MONKEY']) expect(looksSecret(key), key).toBe(false);
    expect(maskEnvironment({ PORT: '8000', GITHUB_TOKEN: 'ghp_x' })).toEqual({ PORT: '8000', GITHUB_TOKEN: MASK });
  });

  it('hides the password of URLs in any value, keeping the rest of the URL', () => {
    expect(maskEnvironment({ DATABASE_URL: 'postgres://app:s3cr3t@db:5432/app', REDIS: 'redis://:pw@cache/0', PLAIN: 'https://example.com/a:b@c' })).toEqual({
      DATABASE_URL: `postgres://app:${MASK}@db:5432/app`,
      REDIS: `redis://:${MASK}@cache/0`,
      PLAIN: 'https://example.com/a:b@c',
    });
  });
});
