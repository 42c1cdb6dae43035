/**
 * The rules the Kubernetes API server applies to the Deployments and
 * Services drover exports, written out (no schema package is installed
 * here): required fields and types, name and label formats, env names,
 * ports, probes, and `$(VAR)` references, which Kubernetes fills in from
 * the container's env entries.
 */

type Json = Record<string, unknown>;

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/;
const PROBE_ACTIONS = ['httpGet', 'tcpSocket', 'exec', 'grpc'];

export function kubernetesProblems(manifest: unknown, where: string): string[] {
  const problems: string[] = [];
  const say = (path: string, message: string) => problems.push(`${where}: ${path}: ${message}`);
  if (!isObject(manifest)) return [`${where}: not a mapping`];
  const kind = manifest.kind;
  const meta = manifest.metadata;
  if (!isObject(meta) || typeof meta.name !== 'string') say('metadata.name', 'missing');
  else checkName(meta.name, 'metadata.name', kind === 'Service' ? DNS_1035_LABEL : DNS_1123_LABEL, say);
  if (isObject(meta)) checkLabels(meta.labels, 'metadata.labels', say);
  if (kind === 'Deployment' && manifest.apiVersion === 'apps/v1') checkDeployment(manifest.spec, say);
  else if (kind === 'Service' && manifest.apiVersion === 'v1') checkService(manifest.spec, say);
  else say('kind', `unexpected ${String(manifest.apiVersion)} ${String(kind)}`);
  return problems;
}

type Say = (path: string, message: string) => void;

function checkDeployment(spec: unknown, say: Say): void {
  if (!isObject(spec)) return say('spec', 'missing');
  if (!isCount(spec.replicas)) say('spec.replicas', `expected a whole number >= 0, got ${JSON.stringify(spec.replicas)}`);
  const template = spec.template;
  if (!isObject(template) || !isObject(template.spec) || !isObject(template.metadata)) return say('spec.template', 'missing metadata or spec');
  checkLabels(template.metadata.labels, 'spec.template.metadata.labels', say);
  const selector = isObject(spec.selector) ? spec.selector.matchLabels : undefined;
  if (!isObject(selector) || Object.keys(selector).length === 0) say('spec.selector.matchLabels', 'missing');
  else if (!Object.entries(selector).every(([key, value]) => (template.metadata as Json).labels !== undefined && ((template.metadata as Json).labels as Json)[key] === value))
    say('spec.selector', 'does not match the template labels');
  const pod = template.spec;
  if (pod.terminationGracePeriodSeconds !== undefined && !isCount(pod.terminationGracePeriodSeconds)) say('terminationGracePeriodSeconds', 'expected a whole number >= 0');
  if (!Array.isArray(pod.containers) || pod.containers.length === 0) return say('spec.template.spec.containers', 'missing');
  pod.containers.forEach((container: unknown, i: number) => checkContainer(container, `containers[${i}]`, say));
}

function checkContainer(container: unknown, at: string, say: Say): void {
  if (!isObject(container)) return say(at, 'not a mapping');
  if (typeof container.name !== 'string') say(`${at}.name`, 'missing');
  else checkName(container.name, `${at}.name`, DNS_1123_LABEL, say);
  if (typeof container.image !== 'string' || container.image === '') say(`${at}.image`, 'missing');
  if (!isStrings(container.command) || container.command.length === 0) say(`${at}.command`, 'expected a non-empty list of strings');
  if (container.workingDir !== undefined && typeof container.workingDir !== 'string') say(`${at}.workingDir`, 'expected a string');
  const env = container.env ?? [];
  if (!Array.isArray(env)) return say(`${at}.env`, 'expected a list');
  const defined = new Set<string>();
  env.forEach((entry: unknown, i: number) => {
    if (!isObject(entry) || typeof entry.name !== 'string' || typeof entry.value !== 'string') return say(`${at}.env[${i}]`, 'expected name and value strings');
    if (!ENV_NAME.test(entry.name)) say(`${at}.env[${i}].name`, `invalid name ${JSON.stringify(entry.name)}`);
    checkReferences(entry.value, defined, `${at}.env[${i}].value`, say);
    defined.add(entry.name);
  });
  if (isStrings(container.command)) container.command.forEach((word, i) => checkReferences(word, defined, `${at}.command[${i}]`, say));
  const ports = container.ports ?? [];
  if (!Array.isArray(ports)) say(`${at}.ports`, 'expected a list');
  else ports.forEach((port: unknown, i: number) => checkPort(port, 'containerPort', `${at}.ports[${i}]`, say));
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) if (container[probe] !== undefined) checkProbe(container[probe], probe, `${at}.${probe}`, say);
  const limits = isObject(container.resources) ? container.resources.limits : undefined;
  if (isObject(limits) && typeof limits.memory === 'string' && !QUANTITY.test(limits.memory)) say(`${at}.resources.limits.memory`, `not a quantity: ${limits.memory}`);
  const security = container.securityContext;
  if (isObject(security) && !isCount(security.runAsUser)) say(`${at}.securityContext.runAsUser`, 'expected a whole number >= 0');
}

/** `$(VAR)` is filled in from env entries defined before; a literal one is written `$$(`. */
function checkReferences(text: string, defined: ReadonlySet<string>, at: string, say: Say): void {
  for (const match of text.replaceAll('$$', '').matchAll(/\$\(([^)]*)\)/g)) {
    if (!defined.has(match[1]!)) say(at, `$(${match[1]}) refers to no env entry defined before it: Kubernetes leaves it as it is, or fills in another value`);
  }
}

function checkProbe(probe: unknown, name: string, at: string, say: Say): void {
  if (!isObject(probe)) return say(at, 'not a mapping');
  const actions = PROBE_ACTIONS.filter((action) => probe[action] !== undefined);
  if (actions.length !== 1) say(at, `expected exactly one of ${PROBE_ACTIONS.join(', ')}, got ${actions.length}`);
  for (const key of ['periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold']) {
    if (probe[key] !== undefined && !(isCount(probe[key]) && (probe[key] as number) >= 1)) say(`${at}.${key}`, 'expected a whole number >= 1');
  }
  if (name !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) say(`${at}.successThreshold`, 'must be 1 for liveness and startup probes');
  const port = isObject(probe.httpGet) ? probe.httpGet.port : isObject(probe.tcpSocket) ? probe.tcpSocket.port : undefined;
  if (port !== undefined && !isPort(port)) say(at, `port ${JSON.stringify(port)} is not 1-65535`);
  if (isObject(probe.exec) && (!isStrings(probe.exec.command) || probe.exec.command.length === 0)) say(`${at}.exec.command`, 'expected a non-empty list of strings');
}

function checkService(spec: unknown, say: Say): void {
  if (!isObject(spec)) return say('spec', 'missing');
  if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0) say('spec.selector', 'missing');
  if (!Array.isArray(spec.ports) || spec.ports.length === 0) return say('spec.ports', 'missing');
  spec.ports.forEach((port: unknown, i: number) => checkPort(port, 'port', `spec.ports[${i}]`, say));
  const names = spec.ports.map((port: unknown) => (isObject(port) ? port.name : undefined));
  if (spec.ports.length > 1 && (names.some((name) => typeof name !== 'string') || new Set(names).size !== names.length)) say('spec.ports', 'several ports need distinct names');
}

function checkPort(port: unknown, key: string, at: string, say: Say): void {
  if (!isObject(port)) return say(at, 'not a mapping');
  if (!isPort(port[key])) say(`${at}.${key}`, `${JSON.stringify(port[key])} is not 1-65535`);
  if (port.name !== undefined && (typeof port.name !== 'string' || port.name.length > 15 || !IANA_SVC_NAME.test(port.name)))
    say(`${at}.name`, `invalid port name ${JSON.stringify(port.name)}`);
  if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol as string)) say(`${at}.protocol`, `invalid ${JSON.stringify(port.protocol)}`);
}

function checkName(name: string, at: string, pattern: RegExp, say: Say): void {
  if (name.length > 63 || !pattern.test(name)) say(at, `${JSON.stringify(name)} is not a valid name`);
}

function checkLabels(labels: unknown, at: string, say: Say): void {
  if (labels === undefined) return;
  if (!isObject(labels)) return say(at, 'expected a mapping');
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY.test(key) || key.split('/').at(-1)!.length > 63) say(at, `invalid label key ${JSON.stringify(key)}`);
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) say(at, `invalid label value ${JSON.stringify(value)}`);
  }
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isCount(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isPort(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}
