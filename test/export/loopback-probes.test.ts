import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../src/export/export-config.js';
import { lines, useConfigDir } from '../config/temp-config.js';
import { testContext } from './unit-files.js';

const t = useConfigDir();

async function kubernetesWarnings(yaml: string): Promise<string[]> {
  const { warnings } = await exportConfig({ kind: 'kubernetes' }, await t.config(yaml), testContext());
  return warnings;
}

describe('drover export kubernetes: probes on a loopback address', () => {
  it.each([
    ['readiness', 'http', '{ http: "http://127.0.0.1:8000/health" }', '127.0.0.1'],
    ['readiness', 'http', '{ http: "http://localhost:8000/health" }', 'localhost'],
    ['readiness', 'tcp', '{ tcp: "[::1]:8000" }', '::1'],
    ['liveness', 'tcp', '{ tcp: "127.0.0.1:8000" }', '127.0.0.1'],
  ])('warns that a %s %s probe (%s) on %s never succeeds from the kubelet', async (option, _kind, probe, host) => {
    const warnings = await kubernetesWarnings(lines('programs:', '  web:', '    command: gunicorn app:app', `    ${option}: ${probe}`));
    const about = warnings.filter((w) => w.includes(`programs.web.${option}:`) && w.includes('pod'));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatch(/programs\.yaml:2:3: /);
    expect(about[0]).toContain(host);
    expect(about[0]).toMatch(/kubelet/);
  });

  it('says nothing for a probe on the pod address, an exec probe or a compose export', async () => {
    const yaml = lines(
      'programs:',
      '  web:',
      '    command: gunicorn app:app',
      '    readiness: { http: "http://0.0.0.0:8000/health" }',
      '    liveness: { exec: "curl -f http://127.0.0.1:8000/" }',
      '  api:',
      '    command: node api.js',
      '    readiness: { tcp: "127.0.0.1:9000" }',
    );
    const kubernetes = await kubernetesWarnings(yaml);
    expect(kubernetes.filter((w) => w.includes('programs.web.') && w.includes('kubelet'))).toEqual([]);
    const compose = await exportConfig({ kind: 'compose' }, await t.config(yaml), testContext());
    expect(compose.warnings.filter((w) => w.includes('kubelet'))).toEqual([]);
  });
});
