import { readFileSync } from 'node:fs';

export interface UserIds {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Looks a user up in /etc/passwd (Node has no getpwnam). Numeric ids are taken as uids. */
export function resolveUser(user: string, passwdFile = '/etc/passwd'): UserIds | null {
  let text = '';
  try {
    text = readFileSync(passwdFile, 'utf8');
  } catch {
    // No passwd file (minimal containers): only numeric ids can work.
  }
  const numeric = /^\d+$/.test(user) ? Number(user) : null;
  for (const line of text.split('\n')) {
    const [name, , uid, gid, , home] = line.split(':');
    if (name === undefined || uid === undefined || gid === undefined) continue;
    if (name === user || (numeric !== null && Number(uid) === numeric)) {
      return { name, uid: Number(uid), gid: Number(gid), home: home ?? '/' };
    }
  }
  return numeric !== null ? { name: user, uid: numeric, gid: numeric, home: '/' } : null;
}
