import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const threeProcesses = 'programs:\n  web:\n    command: sleep 1000\n    numprocs: 2\n    startsecs: 0\n  worker:\n    command: sleep 1001\n    startsecs: 0\n';

/**
 * Every Node process started under the test appends its pid and argv to a
 * file (through NODE_OPTIONS=--import), so a config loader process cannot go
 * unseen; NODE_DEBUG=esm,module makes the supervisor list each module it loads
 * (through the ES module loader and through require) on its stderr, which is its log file.
 */
function watchNodeProcesses(): { env: NodeJS.ProcessEnv; started: () => Array<{ pid: number; argv: string[] }> } {
  const record = path.join(h.dir, 'node-processes.jsonl');
  const hook = path.join(h.dir, 'record-node-process.mjs');
  writeFileSync(record, '');
  writeFileSync(
    hook,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(record)}, JSON.stringify({ pid: process.pid, argv: process.argv.slice(1) }) + '\\n');\n`,
  );
  return {
    env: { NODE_OPTIONS: `--import ${hook}`, NODE_DEBUG: 'esm,module', DROVER_TRACE_START: '1' },
    started: () =>
      readFileSync(record, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { pid: number; argv: string[] }),
  };
}

describe('drover --daemon start-up', () => {
  it('parses the config once, in the launcher: the supervisor boots no loader process and never loads the parser, the schema or the view', async () => {
    h.writeConfig(threeProcesses);
    const node = watchNodeProcesses();
    const started = await h.startDaemon([], node.env);
    expect(started.code, started.stderr.slice(-2000)).toBe(0);
    const pid = started.pid!;
    // Once the programs run, every module of start-up has loaded.
    await waitFor('3 RUNNING', async () => Object.values(await h.rememberPrograms()).filter((p) => p !== null).length === 3);

    const processes = node.started();
    expect(processes.filter((p) => p.argv.some((arg) => /load-main\.c?js$/.test(arg)))).toEqual([]);
    expect(processes.filter((p) => p.argv.includes('--foreground')).map((p) => p.pid)).toEqual([pid]);

    const log = readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8');
    expect(log).toMatch(new RegExp(`drover-trace supervisor pid=${pid} .* config received from the launcher`));
    const loaded = [
      ...log.matchAll(new RegExp(`^ESM ${pid}: (?:Storing|Loading CJSModule) file://(\\S+)`, 'gm')),
      ...log.matchAll(new RegExp(`^MODULE ${pid}: load "(\\S+)" for module`, 'gm')),
    ].map((m) => m[1]!);
    // The list is the supervisor's files: its bundle's loader (build-supervisor-bundle.mjs), or its modules run from src/.
    expect(loaded.some((file) => /\/dist\/(cli\/supervisor\.cjs|engine\/supervisor\.js)$/.test(file))).toBe(true);
    expect(loaded.filter((file) => /\/node_modules\/(ink|react|react-reconciler|yaml|zod)\//.test(file))).toEqual([]);
  });

  it('the launcher parses with the bundled config loader: none of yaml, zod or the config folder goes through the ES module loader', async () => {
    h.writeConfig(threeProcesses);
    const node = watchNodeProcesses();
    const started = await h.startDaemon([], node.env);
    expect(started.code, started.stderr.slice(-2000)).toBe(0);
    const launcher = node.started().find((p) => p.argv.includes('--daemon') && !p.argv.includes('--foreground'));
    expect(launcher).toBeDefined();
    const loaded = [...started.stderr.matchAll(new RegExp(`^ESM ${launcher!.pid}: (?:Storing|Loading CJSModule) (file://\\S+)`, 'gm'))].map((m) => m[1]!);
    expect(loaded.some((url) => url.endsWith('/dist/cli/commands/daemon.js'))).toBe(true); // the list is the launcher's modules
    expect(loaded.filter((url) => /\/node_modules\/(yaml|zod)\/|\/dist\/config\/(load-config|schema|parse-yaml)\.js$/.test(url))).toEqual([]);
  });

  it('runs the loader bundle with a code cache it writes 0600, and reports the same when the cache is garbage or of another bundle', async () => {
    const bundle = fileURLToPath(new URL('../../dist/config/load-config.cjs', import.meta.url));
    const cache = `${bundle}.cache`;
    const stamp = (text: Buffer) => text.toString('latin1', 0, text.indexOf(10));
    // A bad config: the launcher parses, reports and exits, and writes the cache as it exits.
    h.writeConfig('programs:\n  web:\n    command: sleep 1000\n    numprocs: lots\n');
    rmSync(cache, { force: true });
    const first = await h.startDaemon();
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('programs.yaml:4:15: programs.web.numprocs');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    const made = statSync(bundle);
    expect(stamp(readFileSync(cache))).toBe(`drover-loader-cache 1 ${process.version} ${process.arch} ${made.size} ${made.mtimeMs}`);
    for (const bad of [Buffer.from(`${stamp(readFileSync(cache))}\nnot compiled code at all`), Buffer.from('drover-loader-cache 1 v0.0.0 x64 1 1\n')]) {
      writeFileSync(cache, bad, { mode: 0o600 });
      const run = await h.startDaemon();
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(first.stderr);
      // Rejected (by V8) or not this bundle's (by its first line): written afresh.
      expect(readFileSync(cache).length).toBeGreaterThan(10_000);
    }
  });
});
