import { readFileSync } from 'node:fs';

export interface UserIds {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** Every group the user is in: its primary group first, then those /etc/group lists it in (what initgroups gives a login). */
  groups: number[];
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    // No passwd or group file (minimal containers): only numeric ids can work.
    return [];
  }
}

/** The gids of the groups whose member list names `user`, after `primary`. */
export function groupsOf(user: string, primary: number, groupFile = '/etc/group'): number[] {
  const groups = [primary];
  for (const line of readLines(groupFile)) {
    const [, , gid, members] = line.split(':');
    if (gid === undefined || members === undefined || !/^\d+$/.test(gid)) continue;
    if (members.split(',').includes(user) && !groups.includes(Number(gid))) groups.push(Number(gid));
  }
  return groups;
}

/** Looks a user up in /etc/passwd (Node has no getpwnam). Numeric ids are taken as uids. */
export function resolveUser(user: string, passwdFile = '/etc/passwd', groupFile = '/etc/group'): UserIds | null {
  const numeric = /^\d+$/.test(user) ? Number(user) : null;
  for (const line of readLines(passwdFile)) {
    const [name, , uid, gid, , home] = line.split(':');
    if (name === undefined || uid === undefined || gid === undefined) continue;
    if (name === user || (numeric !== null && Number(uid) === numeric)) {
      return { name, uid: Number(uid), gid: Number(gid), home: home ?? '/', groups: groupsOf(name, Number(gid), groupFile) };
    }
  }
  return numeric !== null ? { name: user, uid: numeric, gid: numeric, home: '/', groups: [numeric] } : null;
}

export function unknownUser(user: string): string {
  return `unknown user ${user} (not in /etc/passwd, and not a numeric uid)`;
}
