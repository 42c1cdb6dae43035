import { describe, expect, it } from 'vitest';
import { inheritedFdsToKeep } from '../../src/daemon/inherited-fds.js';
import type { Config } from '../../src/config/types.js';

/** Only what the rule reads: the programs' prefork binds. */
const withBinds = (...binds: Array<{ kind: 'fd'; fd: number } | { kind: 'tcp' }>): Config => ({ programs: [{ prefork: null }, { prefork: { bind: binds } }] }) as unknown as Config;

describe('inheritedFdsToKeep', () => {
  it.each([
    ['nothing without fd:// binds or LISTEN_FDS', withBinds({ kind: 'tcp' }), {}, []],
    ['the fds fd://N binds name', withBinds({ kind: 'fd', fd: 3 }, { kind: 'tcp' }, { kind: 'fd', fd: 200 }), {}, [3, 200]],
    ["systemd's LISTEN_FDS from fd 3, when LISTEN_PID is drover's", withBinds(), { LISTEN_FDS: '2', LISTEN_PID: String(process.pid) }, [3, 4]],
    ['LISTEN_FDS without LISTEN_PID', withBinds(), { LISTEN_FDS: '1' }, [3]],
    ["not LISTEN_FDS meant for another process (LISTEN_PID is not drover's)", withBinds(), { LISTEN_FDS: '2', LISTEN_PID: '1' }, []],
    ['not a LISTEN_FDS that is not a count', withBinds(), { LISTEN_FDS: 'x' }, []],
  ])('keeps %s', (_what, config, env, expected) => {
    expect([...inheritedFdsToKeep(config, env)].sort((a, b) => a - b)).toEqual(expected);
  });
});
