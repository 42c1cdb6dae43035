import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * Is a TCP port already listened on, and by whom? Binding alone does not
 * tell: with SO_REUSEADDR (set by Node) a bind to a port another process
 * listens on succeeds, and only a worker's listen() would fail, over and over.
 * So the master reads /proc/net/tcp{,6} for a LISTEN socket on the port, then
 * finds the process holding it for the message. Best effort: another user's
 * processes are not readable without root.
 */

/** `0100007F` → `127.0.0.1` (the kernel prints IPv4 addresses as little-endian hex). */
function ipv4FromHex(hex: string): string {
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** Inodes of LISTEN sockets that would clash with binding host:port. */
async function clashingListeners(port: number, host: string): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const [table, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN.
      if (fields.length < 10 || fields[3] !== '0A') continue;
      const [hexIp, hexPort] = fields[1]!.split(':') as [string, string];
      if (Number.parseInt(hexPort, 16) !== port) continue;
      const theirs = v6 ? (/^0+$/.test(hexIp) ? '::' : 'v6') : ipv4FromHex(hexIp);
      const clash = v6 || WILDCARDS.has(theirs) || WILDCARDS.has(host) || theirs === host || host === 'localhost';
      if (clash) inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/** null when nothing listens on the port in a way that clashes with host; else who does. */
export async function findPortHolder(port: number, host: string): Promise<string | null> {
  const inodes = await clashingListeners(port, host);
  if (inodes.size === 0) return null;
  const pids = await readdir('/proc').catch(() => [] as string[]);
  for (const pid of pids) {
    if (!/^\d+$/.test(pid)) continue;
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
        return `pid ${pid} (${comm})`;
      }
    }
  }
  return 'a process this user cannot see';
}
