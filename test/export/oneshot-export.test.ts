import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { exportConfig } from '../../src/export/export-config.js';
import { lines, useConfigDir } from '../config/temp-config.js';
import { parseUnitFiles, single, testContext, verifyUnits } from './unit-files.js';

const t = useConfigDir();

/** A Procfile's release phase as drover imports it: a one-shot the web depends on. */
const CONFIG = lines(
  'programs:',
  '  release:',
  '    type: oneshot',
  '    command: [sh, -c, "sleep 0.3; exit 0"]',
  '    startretries: 2',
  '  web:',
  '    command: [sleep, "1000"]',
  '    depends_on: [release]',
  '  worker:',
  '    command: [sleep, "1000"]',
);

async function exported(kind: 'systemd' | 'compose' | 'kubernetes') {
  const target = kind === 'systemd' ? ({ kind, perProgram: true, socketActivation: false } as const) : ({ kind } as const);
  return exportConfig(target, await t.config(CONFIG), testContext());
}

describe('exporting a one-shot', () => {
  it('systemd: Type=oneshot that stays active once done, which dependents require and start after', async () => {
    const { text } = await exported('systemd');
    const files = parseUnitFiles(text);
    const release = files.get('release@.service');
    expect(single(release, 'Service', 'Type')).toBe('oneshot');
    expect(single(release, 'Service', 'RemainAfterExit')).toBe('yes');
    // A failed run is retried, as drover retries it per startretries.
    expect(single(release, 'Service', 'Restart')).toBe('on-failure');
    expect(single(release, 'Unit', 'StartLimitBurst')).toBe('3');
    const web = files.get('web@.service');
    expect(single(web, 'Unit', 'Requires')).toBe('release@0.service');
    expect(single(web, 'Unit', 'After')).toContain('release@0.service');
    expect(web?.Unit?.Wants).toBeUndefined();
    expect(single(files.get('worker@.service'), 'Service', 'Type')).toBe('simple');
    expect(verifyUnits(text)).toEqual({ status: 0, problems: [] });
  });

  it('compose: restart "no", and dependents wait for it to complete successfully', async () => {
    const { text } = await exported('compose');
    const services = (parse(text) as { services: Record<string, { restart: string; depends_on?: Record<string, { condition: string }> }> }).services;
    expect(services.release!.restart).toBe('no');
    expect(services.web!.depends_on).toEqual({ release: { condition: 'service_completed_successfully' } });
    expect(services.worker!.restart).toBe('on-failure');
  });

  it('kubernetes: no Deployment (it would run again at every exit), and a warning that says what to do', async () => {
    const { text, warnings } = await exported('kubernetes');
    const names = parseAllDocuments(text)
      .map((doc) => doc.toJS() as { kind: string; metadata: { name: string } })
      .map((m) => `${m.kind}/${m.metadata.name}`);
    expect(names).toEqual(['Deployment/web', 'Deployment/worker']);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /programs\.yaml:2:3: programs\.release\.type: oneshot: not carried over: a Deployment would run it again each time it exits; run it as a Job before each rollout \(kubectl create job\), or as a Helm pre-upgrade hook$/,
        ),
      ]),
    );
  });
});
