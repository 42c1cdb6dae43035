/**
 * Names for Kubernetes objects and compose services. A Service's name must be
 * an RFC 1035 label (Deployments accept more, but one name serves both):
 * lower-case letters, digits and `-`, starting with a letter, ending with a
 * letter or digit, at most 63 characters.
 */

const MAX_LABEL = 63;

/** `Web_API.v2` → `web-api-v2`; `9lives` → `p-9lives`. */
export function dnsLabel(name: string): string {
  let label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(label)) label = `p-${label}`.replace(/-+$/, '');
  return trimLabel(label);
}

function trimLabel(label: string): string {
  return label.slice(0, MAX_LABEL).replace(/-+$/, '');
}

/**
 * Gives each wanted name a distinct label, in order: a later name that comes
 * out the same as an earlier one gets `-2`, `-3`, … (trimmed to fit).
 */
export function uniqueLabels(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = dnsLabel(name);
    let label = base;
    for (let n = 2; taken.has(label); n++) label = `${trimLabel(base.slice(0, MAX_LABEL - String(n).length - 1))}-${n}`;
    taken.add(label);
    return label;
  });
}
