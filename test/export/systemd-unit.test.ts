import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { exportConfig } from '../../src/export/export-config.js';
import { ExportError } from '../../src/export/export-error.js';
import { lines, useConfigDir } from '../config/temp-config.js';
import { parseUnitFiles, single, testContext, verifyUnits } from './unit-files.js';

const t = useConfigDir();
const SYSTEMD = { kind: 'systemd', perProgram: false, socketActivation: false } as const;
const ACTIVATED = { ...SYSTEMD, socketActivation: true } as const;
const resolveLocalhost = async (host: string) => (host === 'localhost' ? '127.0.0.1' : Promise.reject(new Error(`unexpected lookup of ${host}`)));

const PLAIN = lines(
  'programs:',
  '  worker:',
  '    command: sleep 100',
  '    stopwaitsecs: 20s',
  '    priority: 10',
  '  other:',
  '    command: sleep 100',
  '    stopwaitsecs: 5s',
  '    priority: 10',
  '  last:',
  '    command: sleep 100',
);

describe('drover export systemd', () => {
  it('runs drover headless in the foreground, as the exporting user, from the config folder', async () => {
    const config = await t.config(PLAIN);
    const { text, warnings } = await exportConfig(SYSTEMD, config, testContext({ user: 'alice' }));
    const files = parseUnitFiles(text);
    expect([...files.keys()]).toEqual(['drover.service']);
    const unit = files.get('drover.service');
    expect(single(unit, 'Unit', 'After')).toBe('network.target');
    expect(single(unit, 'Service', 'Type')).toBe('simple');
    expect(single(unit, 'Service', 'ExecStart')).toBe(`${process.execPath} /opt/drover/dist/cli/main.js --daemon --foreground -c ${config.file}`);
    expect(single(unit, 'Service', 'ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(single(unit, 'Service', 'KillMode')).toBe('mixed');
    expect(single(unit, 'Service', 'Restart')).toBe('always');
    expect(single(unit, 'Service', 'User')).toBe('alice');
    expect(single(unit, 'Service', 'WorkingDirectory')).toBe(t.dir);
    expect(single(unit, 'Service', 'Environment')).toBe('"PATH=/usr/local/bin:/usr/bin:/bin"');
    // Two priority levels: the slowest of 10 (20 s) plus the default 10 s of 999, plus 10 s for drover.
    expect(single(unit, 'Service', 'TimeoutStopSec')).toBe('40');
    expect(single(unit, 'Install', 'WantedBy')).toBe('multi-user.target');
    expect(warnings).toEqual([]);
  });

  it('names no User= when drover runs as root, so programs with user: can switch to it', async () => {
    const { text } = await exportConfig(SYSTEMD, await t.config(PLAIN), testContext({ user: null }));
    expect(parseUnitFiles(text).get('drover.service')?.Service?.User).toBeUndefined();
  });

  it('quotes a path with spaces and keeps a % literal', async () => {
    const { config, dir } = await oddlyNamedConfig();
    const { text } = await exportConfig(SYSTEMD, config, testContext());
    const unit = parseUnitFiles(text).get('drover.service');
    const escaped = config.file.replaceAll('%', '%%');
    expect(single(unit, 'Service', 'ExecStart')).toBe(`${process.execPath} /opt/drover/dist/cli/main.js --daemon --foreground -c "${escaped}"`);
    expect(single(unit, 'Service', 'WorkingDirectory')).toBe(dir.replaceAll('%', '%%'));
  });
});

/** A config in a folder whose name has a space and a %. */
async function oddlyNamedConfig() {
  const dir = path.join(t.dir, 'my app 100%');
  fs.mkdirSync(dir);
  const file = path.join(dir, 'programs.yaml');
  fs.writeFileSync(file, PLAIN);
  const result = await loadConfig(file, {});
  if (!result.ok) throw new Error('the config should load');
  return { config: result.config, dir };
}

describe('drover export systemd --socket-activation', () => {
  const PREFORK = lines(
    'programs:',
    '  web:',
    '    type: prefork',
    '    command: uvicorn main:app --fd {fd}',
    '    bind: [localhost:8000, { unix: run/web.sock, mode: "0600" }]',
    '  admin:',
    '    type: prefork',
    '    command: gunicorn -b fd://3 admin:app',
    '    bind: fd://3',
  );

  it('keeps each fd://N at fd N, gives the other binds the next fds, in ListenStream order', async () => {
    const config = await t.config(PREFORK);
    const { text, warnings } = await exportConfig(ACTIVATED, config, testContext({ user: 'alice' }), resolveLocalhost);
    const files = parseUnitFiles(text);
    expect([...files.keys()]).toEqual(['drover.service', 'drover.socket']);
    const service = files.get('drover.service');
    expect(single(service, 'Unit', 'Requires')).toBe('drover.socket');
    expect(single(service, 'Unit', 'After')).toBe('network.target drover.socket');
    const socket = files.get('drover.socket');
    // fd 3: admin's fd://3 (address unknown: a placeholder), fd 4: web's localhost:8000, fd 5: web's unix socket.
    expect(socket?.Socket?.ListenStream).toEqual(['/run/REPLACE_ME-fd3.sock', '127.0.0.1:8000', path.join(t.dir, 'run/web.sock')]);
    expect(single(socket, 'Socket', 'SocketMode')).toBe('0600');
    expect(single(socket, 'Socket', 'SocketUser')).toBe('alice');
    expect(single(socket, 'Install', 'WantedBy')).toBe('sockets.target');
    // In fd order, as the socket unit lists them.
    expect(warnings).toEqual([
      expect.stringMatching(/programs\.yaml:6:3: programs\.admin\.bind\[0\]: fd:\/\/3: the config does not say which address fd 3 listens on; .*REPLACE_ME-fd3\.sock/),
      expect.stringMatching(/programs\.yaml:2:3: programs\.web\.bind\[0\]: systemd opens localhost:8000 for drover as fd 4: change this entry to fd:\/\/4/),
      expect.stringMatching(/programs\.yaml:2:3: programs\.web\.bind\[1\]: systemd opens unix:run\/web\.sock for drover as fd 5: change this entry to fd:\/\/5/),
    ]);
  });

  it('keeps the numbering when the config skips an fd', async () => {
    const config = await t.config(lines('programs:', '  web:', '    type: prefork', '    command: serve --fd {fd}', '    bind: fd://4'));
    const { text, warnings } = await exportConfig(ACTIVATED, config, testContext(), resolveLocalhost);
    expect(parseUnitFiles(text).get('drover.socket')?.Socket?.ListenStream).toEqual(['/run/REPLACE_ME-fd3.sock', '/run/REPLACE_ME-fd4.sock']);
    expect(warnings[0]).toMatch(/fd 3 is used by no bind, but systemd numbers sockets by their order/);
  });

  it('refuses when there is nothing to activate (a socket unit without a Listen line does not load)', async () => {
    const exported = exportConfig(ACTIVATED, await t.config(PLAIN), testContext());
    await expect(exported).rejects.toThrow(ExportError);
    await expect(exported).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/--socket-activation: .*programs\.yaml has no prefork program with a bind address/),
    });
  });

  it('reports a host name that does not resolve, at its bind entry', async () => {
    const config = await t.config(lines('programs:', '  web:', '    type: prefork', '    command: serve --fd {fd}', '    bind: no-such-host.invalid:8000'));
    const exported = exportConfig(ACTIVATED, config, testContext());
    await expect(exported).rejects.toMatchObject({
      kind: 'environment',
      message: expect.stringMatching(/programs\.yaml:2:3: programs\.web\.bind\[0\]: cannot resolve no-such-host\.invalid for ListenStream=/),
    });
  });

  it('passes systemd-analyze verify', async () => {
    const { text } = await exportConfig(ACTIVATED, await t.config(PREFORK), testContext(), resolveLocalhost);
    expect(verifyUnits(text)).toEqual({ status: 0, problems: [] });
  });
});

describe('systemd-analyze verify of drover.service', () => {
  it('passes for a plain config, run as a user', async () => {
    const { text } = await exportConfig(SYSTEMD, await t.config(PLAIN), testContext());
    expect(verifyUnits(text)).toEqual({ status: 0, problems: [] });
  });

  it('passes with a space and a % in the paths', async () => {
    const { text } = await exportConfig(SYSTEMD, (await oddlyNamedConfig()).config, testContext());
    expect(verifyUnits(text)).toEqual({ status: 0, problems: [] });
  });
});
