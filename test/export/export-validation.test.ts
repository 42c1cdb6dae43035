import { describe, expect, it } from 'vitest';
import { composeProblems, manifestProblems } from '../helpers/export-validation.js';

/** The corpus checks pass only what they would reject otherwise: each must fail on a file that breaks its rule. */
describe('the checks of exported compose files and manifests', () => {
  it('compose: accepts a kept variable and $$, rejects an unknown key and a $ compose would fill in', () => {
    const good = 'services:\n  web:\n    image: app\n    command: ["sh", "-c", "echo $$HOME ${PORT:-80}"]\n';
    expect(composeProblems(good, new Set(['PORT']))).toEqual([]);
    const bad = 'services:\n  web:\n    image: app\n    bogus: 1\n    command: ["sh", "-c", "exit $?"]\n';
    expect(composeProblems(bad, new Set())).toEqual([expect.stringMatching(/^schema: services\.web: .*bogus/), expect.stringMatching(/compose would fill in "\$\?"/)]);
  });

  it('kubernetes: rejects a bad name, a $(VAR) with no env entry before it and a liveness successThreshold other than 1', () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: Web_1, labels: { app: web } }',
      'spec:',
      '  replicas: 1',
      '  selector: { matchLabels: { app: web } }',
      '  template:',
      '    metadata: { labels: { app: web } }',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: app',
      '          command: [sh, -c, "kill $(cat pid)"]',
      '          livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 }',
    ].join('\n');
    expect(manifestProblems(manifest)).toEqual([
      expect.stringMatching(/metadata\.name: "Web_1" is not a valid name/),
      expect.stringMatching(/command\[2\]: \$\(cat pid\) refers to no env entry/),
      expect.stringMatching(/livenessProbe\.successThreshold: must be 1/),
    ]);
  });

  it("kubernetes: rejects what Kubernetes' OpenAPI schema rejects (wrong types) and kinds drover never exports", () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  selector: { matchLabels: { app: web } }',
      '  template:',
      '    metadata: { labels: { app: web } }',
      '    spec: { containers: [ { name: web, image: 5 } ] }',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: web }',
      'spec: { ports: [ { port: 80, targetPort: 80, protocol: 7 } ] }',
      '---',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: { name: once }',
    ].join('\n');
    const problems = manifestProblems(manifest);
    expect(problems).toContainEqual(expect.stringMatching(/^document 1: schema: .*image must be string/));
    expect(problems).toContainEqual(expect.stringMatching(/^document 2: schema: .*protocol must be string/));
    expect(problems).toContainEqual('document 3: batch/v1 Job is not a kind drover exports');
  });
});
