import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exportConfig } from '../../src/export/export-config.js';
import { useConfigDir } from '../config/temp-config.js';
import { CONTAINER_CONFIG, SERVER_MODULE } from './container-config.js';
import { testContext } from './unit-files.js';

const t = useConfigDir();
const RFC1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

interface Container {
  name: string;
  image: string;
  command: string[];
  workingDir: string;
  env?: { name: string; value: string }[];
  ports?: { name: string; containerPort: number; protocol: string }[];
  readinessProbe?: Record<string, unknown>;
  startupProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
  resources?: { limits: { memory: string } };
  securityContext?: { runAsUser: number };
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> } | Record<string, string>;
    template?: { metadata: { labels: Record<string, string> }; spec: { terminationGracePeriodSeconds: number; containers: Container[] } };
    ports?: { name: string; port: number; targetPort: number; protocol: string }[];
  };
}

async function exportManifests() {
  t.write('server.mjs', SERVER_MODULE);
  const { text, warnings } = await exportConfig({ kind: 'kubernetes' }, await t.config(CONTAINER_CONFIG), testContext());
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error('expected a stream of documents');
  for (const doc of docs) expect(doc.errors).toEqual([]);
  const manifests = docs.map((doc) => doc.toJS() as Manifest);
  const deployment = (name: string) => manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name)!;
  const container = (name: string) => deployment(name).spec.template!.spec.containers[0]!;
  return { text, warnings, manifests, deployment, container };
}

describe('drover export kubernetes', () => {
  it('writes a Deployment per program (per process where the command uses its number) and a Service per prefork program', async () => {
    const { manifests } = await exportManifests();
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Deployment/web',
      'Service/web',
      'Deployment/checked',
      'Deployment/queue-worker-0',
      'Deployment/queue-worker-1',
      'Deployment/api',
      'Service/api',
      'Deployment/manual',
    ]);
  });

  it('gives every Deployment the required keys, with a selector that matches its pods', async () => {
    const { manifests } = await exportManifests();
    for (const m of manifests.filter((m) => m.kind === 'Deployment')) {
      expect(m.apiVersion).toBe('apps/v1');
      expect(m.metadata.name).toMatch(RFC1035_LABEL);
      expect(typeof m.spec.replicas).toBe('number');
      expect((m.spec.selector as { matchLabels: Record<string, string> }).matchLabels).toEqual(m.spec.template!.metadata.labels);
      expect(m.metadata.labels).toEqual({ 'app.kubernetes.io/name': m.metadata.name, 'app.kubernetes.io/part-of': expect.stringMatching(RFC1035_LABEL) });
      const [container, ...others] = m.spec.template!.spec.containers;
      expect(others).toEqual([]);
      expect(container!.name).toBe(m.metadata.name);
      expect(container!.image).toBe('REPLACE_ME/your-app');
      expect(container!.command.length).toBeGreaterThan(0);
      expect(container!.workingDir).toBe(t.dir);
    }
  });

  it('makes prefork workers replicas behind a Service on the bind port', async () => {
    const { manifests, deployment, container } = await exportManifests();
    expect(deployment('web').spec.replicas).toBe(3);
    expect(container('web').ports).toEqual([{ name: 'port-8000', containerPort: 8000, protocol: 'TCP' }]);
    expect(container('web').resources).toEqual({ limits: { memory: '512Mi' } });
    expect(deployment('web').spec.template!.spec.terminationGracePeriodSeconds).toBe(35);
    const service = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'web')!;
    expect(service.apiVersion).toBe('v1');
    expect(service.spec.selector).toEqual(deployment('web').spec.template!.metadata.labels);
    expect(service.spec.ports).toEqual([{ name: 'port-8000', port: 8000, targetPort: 8000, protocol: 'TCP' }]);
  });

  it('maps readiness to a readinessProbe and a startupProbe, liveness to a livenessProbe', async () => {
    const { container } = await exportManifests();
    const checked = container('checked');
    const http = { httpGet: { path: '/health', port: 8100, scheme: 'HTTP' } };
    expect(checked.readinessProbe).toEqual({ ...http, initialDelaySeconds: 0, periodSeconds: 2, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 4 });
    // start_timeout 30 s at one check every 2 s.
    expect(checked.startupProbe).toEqual({ ...http, initialDelaySeconds: 0, periodSeconds: 2, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 15 });
    expect(checked.livenessProbe).toEqual({ tcpSocket: { port: 8100 }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
    expect(container('queue-worker-0').livenessProbe).toMatchObject({ exec: { command: ['rq', 'info'] } });
  });

  it('maps command, environment and a numeric user; autostart: false becomes zero replicas', async () => {
    const { container, deployment } = await exportManifests();
    const worker = container('queue-worker-1');
    expect(worker.command).toEqual(['rq', 'worker', '--name', 'w1']);
    expect(worker.env).toEqual([{ name: 'QUEUE', value: 'default' }]);
    expect(worker.securityContext).toEqual({ runAsUser: 1000 });
    expect(deployment('manual').spec.replicas).toBe(0);
  });

  it('says on stderr what Kubernetes does not do', async () => {
    const { warnings } = await exportManifests();
    const at = (line: number, option: string, text: string) => expect.stringMatching(new RegExp(`programs\\.yaml:${line}:3: programs\\.${option}: ${text}`));
    expect(warnings).toEqual(
      expect.arrayContaining([
        at(13, 'Queue_Worker\\.depends_on', 'not carried over: Kubernetes starts everything at once'),
        at(13, 'Queue_Worker\\.stopsignal', 'not carried over: Kubernetes stops containers with SIGTERM, not SIGINT'),
        at(8, 'checked\\.autorestart', 'not carried over: a Deployment always restarts'),
        at(25, 'manual\\.autostart', 'false: written as replicas: 0'),
        at(25, 'manual\\.cron_restart', 'not carried over: a CronJob running kubectl rollout restart does it'),
      ]),
    );
  });
});
