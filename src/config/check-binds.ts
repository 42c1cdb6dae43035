import { issue, type ConfigIssue } from './config-issue.js';
import { bindOverlap, bindOverlapsProgram, bindTaken, duplicateBind, unixPathTooLong } from './messages.js';
import type { BindAddress, ProgramConfig } from './types.js';

/** sun_path holds 108 bytes on Linux, one of them the terminating NUL. */
const MAX_UNIX_PATH_BYTES = 107;

interface Bound {
  program: string;
  index: number;
  address: BindAddress;
}

/**
 * The master binds every address once, so an address listed twice — in one
 * program or in two — could never start. Compared after normalizing: `:8000`,
 * `*:8000` and `0.0.0.0:8000` are one address, so are `unix:a.sock` and
 * `unix:./a.sock`. A wildcard host overlaps every address on its port that it
 * covers (`[::]` is dual-stack, so it covers IPv4 as well). Host names are
 * compared as written; they are not resolved here.
 */
export function checkBindAddresses(programs: readonly ProgramConfig[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const earlier: Bound[] = [];
  for (const program of programs) {
    if (program.prefork === null) continue;
    const own: Bound[] = [];
    program.prefork.bind.forEach((address, index) => {
      const path = ['programs', program.name, 'bind', index];
      const bound = { program: program.name, index, address };
      if (address.kind === 'unix' && Buffer.byteLength(address.path) > MAX_UNIX_PATH_BYTES) {
        issues.push(issue(path, unixPathTooLong(address.path, Buffer.byteLength(address.path), MAX_UNIX_PATH_BYTES)));
      }
      const mine = own.find((other) => conflict(address, other.address) !== 'none');
      const theirs = mine === undefined ? earlier.find((other) => conflict(address, other.address) !== 'none') : undefined;
      if (mine !== undefined) issues.push(issue(path, ownConflictMessage(address, mine)));
      else if (theirs !== undefined) issues.push(issue(path, otherConflictMessage(address, theirs)));
      own.push(bound);
    });
    earlier.push(...own);
  }
  return issues;
}

function ownConflictMessage(address: BindAddress, first: Bound): string {
  return conflict(address, first.address) === 'same'
    ? duplicateBind(address.text, first.index, first.address.text)
    : bindOverlap(address.text, first.index, first.address.text, (address as { port: number }).port);
}

function otherConflictMessage(address: BindAddress, owner: Bound): string {
  return conflict(address, owner.address) === 'same'
    ? bindTaken(address.text, owner.program, owner.address.text)
    : bindOverlapsProgram(address.text, owner.program, owner.address.text, (address as { port: number }).port);
}

function conflict(a: BindAddress, b: BindAddress): 'same' | 'overlap' | 'none' {
  if (a.kind === 'unix' && b.kind === 'unix') return a.path === b.path ? 'same' : 'none';
  if (a.kind === 'fd' && b.kind === 'fd') return a.fd === b.fd ? 'same' : 'none';
  if (a.kind !== 'tcp' || b.kind !== 'tcp' || a.port !== b.port) return 'none';
  const hostA = hostKey(a);
  const hostB = hostKey(b);
  if (a.family === b.family && hostA === hostB) return 'same';
  if (hostA === '::' || hostB === '::') return 'overlap';
  if ((hostA === '0.0.0.0' && b.family === 4) || (hostB === '0.0.0.0' && a.family === 4)) return 'overlap';
  return 'none';
}

/** `0:0::1` and `::1` are one IPv6 address; host names ignore case. */
function hostKey(address: Extract<BindAddress, { kind: 'tcp' }>): string {
  if (address.family === 4) return address.host.toLowerCase();
  try {
    return new URL(`http://[${address.host}]/`).hostname.slice(1, -1);
  } catch {
    // Zone ids (fe80::1%eth0) are not URL hosts; compare them as written.
    return address.host.toLowerCase();
  }
}
