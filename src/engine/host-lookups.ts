import type { HostLookups } from '../config/runtime.js';
import { resolveUser, unknownUser } from './resolve-user.js';
import { checkDirectory, resolveExecutable } from '../os/program-paths.js';

/** The engine's own spawn-time lookups, for `drover check` (see config/check-host.ts). */
export const HOST_LOOKUPS: HostLookups = {
  user: (user) => (resolveUser(user) === null ? unknownUser(user) : null),
  directory: checkDirectory,
  executable: (command, cwd, envPath) => {
    const found = resolveExecutable(command, cwd, envPath);
    return typeof found === 'string' ? null : found.error;
  },
};
