import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeSource, findSocketPath, parseSocketSetting, perUserSocket, SocketPathError } from '../../src/client/socket-path.js';

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-socket-path-'));
  cwd = process.cwd();
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

function config(text: string, name = 'programs.yaml'): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const none = { socket: null, config: null };

describe('findSocketPath', () => {
  it('takes --socket first, then $DROVER_SOCKET, each resolved against the working folder', async () => {
    const file = config('supervisor:\n  socket: from-config.sock\n');
    process.chdir(dir);
    const env = { DROVER_SOCKET: 'env.sock', DROVER_CONFIG: file };
    expect(await findSocketPath({ socket: 'opt.sock', config: file }, env)).toEqual({ path: path.join(dir, 'opt.sock'), source: { kind: '--socket' } });
    expect(await findSocketPath({ socket: null, config: file }, env)).toEqual({ path: path.join(dir, 'env.sock'), source: { kind: 'DROVER_SOCKET' } });
  });

  it("reads the config's supervisor.socket relative to the config's folder", async () => {
    const file = config('supervisor:\n  socket: run/here.sock\n', 'etc/programs.yaml');
    expect(await findSocketPath({ socket: null, config: file }, {})).toEqual({ path: path.join(dir, 'etc/run/here.sock'), source: { kind: 'config', file } });
    const absolute = config("supervisor:\n  socket: '/run/drover/abs.sock'\n", 'abs.yaml');
    expect((await findSocketPath({ socket: null, config: absolute }, {})).path).toBe('/run/drover/abs.sock');
  });

  it('finds the config through $DROVER_CONFIG, then ./programs.yaml', async () => {
    const viaEnv = config('supervisor:\n  socket: a.sock\n', 'other.yaml');
    expect((await findSocketPath(none, { DROVER_CONFIG: viaEnv })).path).toBe(path.join(dir, 'a.sock'));
    config('programs: {}\n');
    process.chdir(dir);
    expect(await findSocketPath(none, {})).toEqual({ path: path.join(dir, 'run/drover.sock'), source: { kind: 'config', file: path.join(dir, 'programs.yaml') } });
  });

  it('uses run/drover.sock beside the config when the setting is absent, as the supervisor does', async () => {
    const file = config('supervisor:\n  logdir: logs\nprograms: {}\n');
    expect((await findSocketPath({ socket: null, config: file }, {})).path).toBe(path.join(dir, 'run/drover.sock'));
  });

  it('interpolates ${VAR} and ${VAR:-default} from the environment, then the .env beside the config', async () => {
    const file = config('supervisor:\n  socket: ${SOCK_DIR:-fallback}/${NAME}.sock\n');
    writeFileSync(path.join(dir, '.env'), 'NAME=from-dotenv\n');
    expect((await findSocketPath({ socket: null, config: file }, {})).path).toBe(path.join(dir, 'fallback/from-dotenv.sock'));
    expect((await findSocketPath({ socket: null, config: file }, { SOCK_DIR: '/srv', NAME: 'env' })).path).toBe('/srv/env.sock');
  });

  it('says which variable is missing instead of guessing a path', async () => {
    const file = config('supervisor:\n  socket: ${NOT_SET_ANYWHERE}/d.sock\n');
    const error = await findSocketPath({ socket: null, config: file }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocketPathError);
    expect((error as Error).message).toMatch(/\$\{NOT_SET_ANYWHERE\} is not set.*--socket PATH/);
  });

  it('falls back to the full parser for forms the scanner does not read', async () => {
    const file = config('supervisor: {socket: flow.sock, logdir: l}\n');
    expect((await findSocketPath({ socket: null, config: file }, {})).path).toBe(path.join(dir, 'flow.sock'));
  });

  it('uses the per-user default when no config exists', async () => {
    const missing = path.join(dir, 'nope.yaml');
    expect(await findSocketPath({ socket: null, config: missing }, { XDG_RUNTIME_DIR: '/run/user/1000' })).toEqual({
      path: '/run/user/1000/drover/drover.sock',
      source: { kind: 'per-user default', missingConfig: missing },
    });
    expect(perUserSocket({})).toBe(`/tmp/drover-${process.getuid!()}/drover.sock`);
  });

  it('refuses to guess when the config exists but cannot be read', async () => {
    // A folder in its place: unreadable even for root, who ignores file modes.
    const file = path.join(dir, 'programs.yaml');
    mkdirSync(file);
    await expect(findSocketPath({ socket: null, config: file }, {})).rejects.toThrow(/cannot read .*programs\.yaml to find the control socket \(EISDIR\)/);
  });

  it('describes each source for error messages', () => {
    expect(describeSource({ kind: '--socket' })).toBe('from --socket');
    expect(describeSource({ kind: 'DROVER_SOCKET' })).toBe('from $DROVER_SOCKET');
    expect(describeSource({ kind: 'config', file: '/x/programs.yaml' })).toBe('from config /x/programs.yaml');
    expect(describeSource({ kind: 'per-user default', missingConfig: '/x/programs.yaml' })).toBe('the per-user default; no config at /x/programs.yaml');
  });
});

describe('parseSocketSetting (the full-parse fallback)', () => {
  it('is lenient: a broken or odd file means the default, not an error', async () => {
    expect(await parseSocketSetting('supervisor: {socket: x.sock}\n')).toBe('x.sock');
    expect(await parseSocketSetting('base: &b {socket: m.sock}\nsupervisor:\n  <<: *b\n')).toBe('m.sock');
    expect(await parseSocketSetting('supervisor: [\n')).toBeNull();
    expect(await parseSocketSetting('supervisor:\n  socket: 12\n')).toBeNull();
    expect(await parseSocketSetting('- a list\n')).toBeNull();
  });
});
