import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MASK, SecretMasker } from '../../src/server/mask-secrets.js';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';
import { recordRow } from '../reliability/profile.js';

describe('SecretMasker', () => {
  it('hides the values of secret-looking keys wherever they appear in text, and URL passwords', () => {
    const masker = SecretMasker.fromEnvironments([{ API_TOKEN: 'tok-123456', PORT: '8000', DB_PASS: 'hunter22' }], {});
    expect(masker.mask('app --token tok-123456 --port 8000 --db-pass=hunter22')).toBe(`app --token ${MASK} --port 8000 --db-pass=${MASK}`);
    expect(masker.mask('connecting to postgres://app:other-pw@db/app')).toBe(`connecting to postgres://app:${MASK}@db/app`);
  });

  it('masks a secret that contains another one whole, not in pieces', () => {
    const masker = SecretMasker.fromEnvironments([{ SHORT_KEY: 'abcd', LONG_SECRET: 'abcd-efgh-ijkl' }], {});
    expect(masker.mask('x abcd-efgh-ijkl y abcd')).toBe(`x ${MASK} y ${MASK}`);
  });

  it('does not search text for very short values, nor for short inherited ones like XDG_SESSION_CLASS=user', () => {
    const masker = SecretMasker.fromEnvironments([{ API_KEY: 'abc' }], { XDG_SESSION_CLASS: 'user', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI' });
    expect(masker.mask('cannot run as user abc')).toBe('cannot run as user abc');
    expect(masker.mask('aws key wJalrXUtnFEMI')).toBe(`aws key ${MASK}`);
  });
});

describe('secrets in a running supervisor', () => {
  let h: DaemonHarness;
  beforeEach(() => {
    h = new DaemonHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const TOKEN = 'tok-s3cr3t-4f9a';
  const DB_PASSWORD = 'hunter2-db';

  it('are masked in process details (environment, command, tree) and in drover.log, yet reach the program intact', async () => {
    h.writeConfig(
      [
        'programs:',
        '  api:',
        `    command: ["sh", "-c", "echo \\"token=$API_TOKEN\\"; exec sleep 1000", "api", "--token", "${TOKEN}"]`,
        '    startsecs: 0',
        '    environment:',
        `      API_TOKEN: ${TOKEN}`,
        `      DATABASE_URL: postgres://app:${DB_PASSWORD}@db/app`,
        '      MODE: production',
        // A probe whose failure message quotes the secret: the supervisor's own log must not.
        '  checked:',
        '    command: sleep 1000',
        '    startsecs: 0',
        '    environment:',
        `      API_TOKEN: ${TOKEN}`,
        '    liveness:',
        `      exec: sh -c 'echo "rejected token $API_TOKEN" >&2; exit 1'`,
        '      period: 200ms',
        '      failure_threshold: 1',
        '',
      ].join('\n'),
    );
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    await waitFor('api RUNNING', async () => ((await h.rememberPrograms())['api:api'] ?? null) !== null);

    const details = await httpRequest(h.socket, 'GET', '/v1/processes/api:api/details');
    expect(details.status).toBe(200);
    const body = JSON.stringify(details.json);
    expect(body).not.toContain(TOKEN);
    expect(body).not.toContain(DB_PASSWORD);
    const shown = details.json as { command: string[]; environment: Record<string, string>; tree: { command: string }[] };
    expect(shown.environment).toMatchObject({ API_TOKEN: MASK, DATABASE_URL: `postgres://app:${MASK}@db/app`, MODE: 'production' });
    expect(shown.command.slice(-2)).toEqual(['--token', MASK]);
    expect(shown.tree.length).toBeGreaterThan(0);

    // The program itself got the real value.
    const log = path.join(h.dir, 'logs', 'api.out.log');
    await waitFor('the program printed its token', () => readFileSync(log, 'utf8').includes(`token=${TOKEN}`));

    const droverLog = path.join(h.dir, 'logs', 'drover.log');
    await waitFor('the failed probe reported in drover.log', () => readFileSync(droverLog, 'utf8').includes(`rejected token ${MASK}`));
    expect(readFileSync(droverLog, 'utf8')).not.toContain(TOKEN);
    recordRow({
      id: 'security-secrets',
      scenario: "secrets in `environment`, on a command line and in a failing probe's output",
      injected: '2 secret values, 4 places they could show',
      outcome: 'masked in process details (environment, command, tree) and drover.log; the program got the real value',
      lost: '—',
      crashes: '0',
    });
  });
});
