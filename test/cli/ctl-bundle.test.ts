import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `drover ctl` as the launcher runs it: dist/cli/ctl.cjs, which runs ctl's
 * modules bundled into one file at build time (dist/cli/ctl-bundle.cjs, read,
 * not required) with V8's code cache, against a real supervisor. A preload
 * lists what the process loaded, so these tests fail when ctl goes back to
 * loading module files one by one, or starts loading the config parser, the
 * engine or the view.
 */

const LAUNCHER = fileURLToPath(new URL('../../dist/cli/drover', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/cli/ctl.cjs', import.meta.url));
/** V8's code cache of the bundle the loader (ctl.cjs) runs: written by a ctl run, used by the next ones. */
const CODE_CACHE = fileURLToPath(new URL('../../dist/cli/ctl-bundle.cjs.cache', import.meta.url));
const LIST_LOADED = fileURLToPath(new URL('../fixtures/hooks/list-loaded-modules.mjs', import.meta.url));

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

interface LauncherRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every module the process loaded: files, ES module URLs, `builtin:NAME`. */
  loaded: string[];
}

/** `dist/cli/drover ARGS` in the harness's folder, with the module-listing preload. */
function runLauncher(args: string[]): Promise<LauncherRun> {
  const listFile = path.join(h.dir, `loaded-${Date.now()}-${Math.random()}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(LAUNCHER, args, {
      cwd: h.dir,
      env: { ...process.env, NODE_OPTIONS: `--import ${LIST_LOADED}`, LOADED_MODULES_FILE: listFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const loaded = existsSync(listFile) ? readFileSync(listFile, 'utf8').split('\n').filter(Boolean) : [];
      resolve({ code, stdout, stderr, loaded });
    });
  });
}

const config = 'programs:\n  web:\n    command: sleep 1000\n    numprocs: 3\n    startsecs: 0\n  worker:\n    command: sleep 1001\n    startsecs: 0\n';

async function startFourRunning(): Promise<void> {
  h.writeConfig(config);
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  await h.rememberPrograms();
  await waitFor('4 processes RUNNING', async () => {
    const r = await runLauncher(['ctl', 'status']);
    return r.stdout.split('\n').filter((line) => line.includes('RUNNING')).length === 4 ? r : null;
  });
}

/** drover's own module files among the loaded ones, relative to the package. */
const droverFiles = (loaded: string[]) => [
  ...new Set(
    loaded
      .map((m) => (m.startsWith('file://') ? fileURLToPath(m) : m))
      .filter((m) => m.startsWith(path.dirname(path.dirname(BUNDLE))))
      .map((m) => path.relative(path.dirname(path.dirname(path.dirname(BUNDLE))), m)),
  ),
];

describe('drover ctl from its bundle', () => {
  it('answers status through the launcher with one module file of drover, and no package, engine or view', async () => {
    await startFourRunning();
    const r = await runLauncher(['ctl', 'status']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME +STATE/);
    expect(r.stdout.split('\n').filter((line) => / RUNNING /.test(line))).toHaveLength(4);
    expect(droverFiles(r.loaded)).toEqual(['dist/cli/ctl.cjs']);
    expect(r.loaded.filter((m) => /node_modules|\/(yaml|zod|ink|react)\b/.test(m))).toEqual([]);
    // The config loader's child process is not ctl's to pay for, nor fs/promises (~2 ms to load) for one small read.
    expect(r.loaded).toContain('builtin:net');
    expect(r.loaded).not.toContain('builtin:child_process');
    // node:http and its parser, agent and message modules: ctl speaks HTTP/1.1 over node:net itself (src/client/http-exchange.ts).
    expect(r.loaded).not.toContain('builtin:http');
    expect(r.loaded).not.toContain('builtin:fs/promises');
  });

  it('finds the socket from the config and acts on processes, still from the bundle', async () => {
    await startFourRunning();
    const stop = await runLauncher(['ctl', 'stop', 'worker']);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toBe('worker:worker: stopped\n');
    const status = await runLauncher(['ctl', 'status', '--json']);
    expect(status.code).toBe(3); // something is stopped
    const states = (JSON.parse(status.stdout) as { name: string; state: string }[]).map((p) => `${p.name} ${p.state}`);
    expect(states).toEqual(['web:web_00 RUNNING', 'web:web_01 RUNNING', 'web:web_02 RUNNING', 'worker:worker STOPPED']);
    expect(droverFiles(status.loaded)).toEqual(['dist/cli/ctl.cjs']);
  });

  it('reads the socket from a config only the full parser reads (JSON), loading yaml from the bundle', async () => {
    // No line the socket scanner reads, so ctl parses the file with yaml; import() in code node:vm compiled threw.
    h.writeConfig(`${JSON.stringify({ supervisor: { socket: 'run/drover.sock' }, programs: { solo: { command: 'sleep 1002', startsecs: 0 } } })}\n`);
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    await h.rememberPrograms();
    const r = await waitFor('solo RUNNING', async () => {
      const run = await runLauncher(['ctl', '-c', 'programs.yaml', 'status']);
      return run.stdout.includes('RUNNING') ? run : null;
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^solo:solo +RUNNING /m);
    expect(r.loaded.some((m) => /node_modules\/yaml\//.test(m))).toBe(true);
  });

  it('hands help, --version and usage errors to main.js, which answers as before', async () => {
    const version = await runLauncher(['ctl', '--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^drover \d+\.\d+\.\d+\n$/);
    expect(droverFiles(version.loaded)).toContain('dist/cli/main.js');
    const unknownOption = await runLauncher(['ctl', '--sockt', 'x', 'status']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/^drover: unknown option: --sockt\n\n.*Usage:/s);
    const badVerb = await runLauncher(['ctl', 'stauts', '--json']);
    expect(badVerb.code).toBe(2);
    expect(JSON.parse(badVerb.stdout)).toEqual({ error: { code: 'USAGE', message: 'unknown ctl verb: stauts; did you mean status?' } });
  });

  it('runs the bundle with a code cache it writes 0600, and answers the same when the cache is garbage or of another bundle', async () => {
    await startFourRunning();
    const namesAndStates = (table: string) => table.split('\n').map((line) => line.split(/ +/).slice(0, 2).join(' '));
    const stamp = (text: Buffer) => text.toString('latin1', 0, text.indexOf(10));
    const first = await runLauncher(['ctl', 'status']);
    expect(first.code, first.stderr).toBe(0);
    expect(namesAndStates(first.stdout).filter((line) => line.endsWith(' RUNNING'))).toHaveLength(4);
    expect(statSync(CODE_CACHE).mode & 0o777).toBe(0o600);
    const made = statSync(fileURLToPath(new URL('../../dist/cli/ctl-bundle.cjs', import.meta.url)));
    expect(stamp(readFileSync(CODE_CACHE))).toBe(`drover-ctl-cache 1 ${process.version} ${process.arch} ${made.size} ${made.mtimeMs}`);
    for (const bad of [Buffer.from(`${stamp(readFileSync(CODE_CACHE))}\nnot compiled code at all`), Buffer.from('drover-ctl-cache 1 v0.0.0 x64 1 1\n')]) {
      writeFileSync(CODE_CACHE, bad, { mode: 0o600 });
      const run = await runLauncher(['ctl', 'status']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      expect(namesAndStates(run.stdout)).toEqual(namesAndStates(first.stdout));
      // Rejected (by V8) or not this bundle's (by its first line): written afresh.
      expect(readFileSync(CODE_CACHE).length).toBeGreaterThan(10_000);
    }
  });
});
