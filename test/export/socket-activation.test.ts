import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { currentExportContext } from '../../src/export/export-context.js';
import { exportConfig } from '../../src/export/export-config.js';
import { useConfigDir } from '../config/temp-config.js';
import { freePort } from '../helpers/free-port.js';
import { getOnNewConnection, HELLO_APP } from '../helpers/prefork.js';
import { waitFor } from '../helpers/wait-for.js';
import { parseUnitFiles, single } from './unit-files.js';

/**
 * The exported units against the real drover: systemd-socket-activate opens
 * the sockets of drover.socket and starts drover.service's ExecStart with
 * them, as systemd would. The first request arrives before drover even runs.
 */

const HAS_SOCKET_ACTIVATE = spawnSync('systemd-socket-activate', ['--version'], { stdio: 'ignore' }).status === 0;
const t = useConfigDir();
let child: ChildProcess | null = null;

afterEach(async () => {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  // Whatever is left of its process group (the launcher ran it detached).
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // gone
  }
  child = null;
});

/** Runs systemd-socket-activate ARGS in cwd (its own process group, killed in afterEach) until it listens on port as fd 3. */
async function activate(args: string[], cwd: string | undefined, port: number): Promise<{ output: string }> {
  const run = { output: '' };
  child = spawn('systemd-socket-activate', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
  await waitFor('systemd-socket-activate to listen', () => run.output.includes(`Listening on 127.0.0.1:${port} as 3`), 20_000);
  return run;
}

describe.runIf(HAS_SOCKET_ACTIVATE)('drover.socket + drover.service (runs only where systemd-socket-activate is on PATH)', () => {
  it('serves a prefork program on the socket systemd opened, through bind: fd://N', async () => {
    const port = await freePort();
    const yaml = (bind: string) => `programs:\n  web:\n    type: prefork\n    app: ${HELLO_APP}\n    bind: ${bind}\n    workers: 2\n`;
    const loaded = await t.load(yaml(`127.0.0.1:${port}`));
    if (!loaded.ok) throw new Error('the config should load');
    const { text, warnings } = await exportConfig({ kind: 'systemd', perProgram: false, socketActivation: true }, loaded.config, currentExportContext());
    const files = parseUnitFiles(text);
    expect(files.get('drover.socket')?.Socket?.ListenStream).toEqual([`127.0.0.1:${port}`]);

    // Do what the warning says.
    const fd = /change this entry to fd:\/\/(\d+)/.exec(warnings.join('\n'))?.[1];
    expect(fd).toBe('3');
    fs.writeFileSync(loaded.config.file, yaml(`fd://${fd}`));
    expect((await loadConfig(loaded.config.file, {})).ok).toBe(true);

    const execStart = single(files.get('drover.service'), 'Service', 'ExecStart');
    expect(execStart).not.toMatch(/["%$\\]/); // plain words here, so splitting on spaces is the systemd reading
    const run = await activate(['-l', `127.0.0.1:${port}`, ...execStart.split(' ')], single(files.get('drover.service'), 'Service', 'WorkingDirectory'), port);
    const output = () => run.output;

    const body = await getOnNewConnection(port);
    expect(body, output()).toMatch(/^hello from \d+/);
    await waitFor('drover to report both workers RUNNING', () => (output().match(/STARTING -> RUNNING/g) ?? []).length === 2, 20_000);
    expect(output()).toMatch(new RegExp(`supervising ${loaded.config.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it("--per-program: an app: instance serves on the sockets of its .socket unit, in drover's worker runtime", async () => {
    const port = await freePort();
    const loaded = await t.load(`programs:\n  site:\n    type: prefork\n    app: ${HELLO_APP}\n    bind: 127.0.0.1:${port}\n    graceful_timeout: 2s\n`);
    if (!loaded.ok) throw new Error('the config should load');
    const { text } = await exportConfig({ kind: 'systemd', perProgram: true, socketActivation: false }, loaded.config, currentExportContext());
    const files = parseUnitFiles(text);
    const listen = files.get('site.socket')?.Socket?.ListenStream ?? [];
    expect(listen).toEqual([`127.0.0.1:${port}`]);
    const service = files.get('site@.service');
    const execStart = single(service, 'Service', 'ExecStart');
    expect(execStart).not.toMatch(/["%$\\]/);
    // Environment="NAME=value" lines with plain values here: the quotes are the only quoting.
    const environment = (service?.Service?.Environment ?? []).map((line) => ['-E', line.replace(/^"|"$/g, '')]).flat();
    expect(environment).toContain('DROVER_GRACEFUL_TIMEOUT_MS=2000');
    const run = await activate([...listen.flatMap((address) => ['-l', address]), ...environment, ...execStart.split(' ')], single(service, 'Service', 'WorkingDirectory'), port);
    expect(await getOnNewConnection(port), run.output).toMatch(/^hello from \d+/);
  });
});
