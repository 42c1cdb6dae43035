import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const oneProgram = 'programs:\n  web:\n    command: sleep 1000\n    startsecs: 0\n';

const trace = { DROVER_TRACE_START: '1' };
/** The pid of the supervisor the launcher started before its parse, from its trace line. */
const earlyPid = (stderr: string) => Number(/supervisor spawned, before the parse, pid (\d+)/.exec(stderr)?.[1] ?? NaN);

describe('drover --daemon starts the supervisor while it parses', () => {
  it('spawns the supervisor before the parse when the log folder can be read from the text, and it runs the programs', async () => {
    h.writeConfig(oneProgram);
    const started = await h.startDaemon([], trace);
    expect(started.code, started.stderr.slice(-2000)).toBe(0);
    const steps = [...started.stderr.matchAll(/^drover-trace launcher .* \+[\d.]+ms (.*)$/gm)].map((m) => m[1]);
    expect(steps.indexOf(`supervisor spawned, before the parse, pid ${started.pid}`)).toBeGreaterThanOrEqual(0);
    expect(steps.indexOf(`supervisor spawned, before the parse, pid ${started.pid}`)).toBeLessThan(steps.indexOf('config loaded'));
    await waitFor('web RUNNING in drover.log', () => /web:web STARTING -> RUNNING/.test(readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8')));
  });

  it('on a wrong guess, ends the early supervisor, removes the folder it made, and starts one logging where the config says', async () => {
    // The one `logdir:` line is inside a value, so the text reads `wrong` where the parse finds the default logs.
    h.writeConfig(`${oneProgram}    environment:\n      NOTE: |\n        logdir: wrong\n`);
    const started = await h.startDaemon([], trace);
    expect(started.code, started.stderr.slice(-2000)).toBe(0);
    expect(started.stderr).toContain('the log folder guessed from the text was wrong');
    const early = earlyPid(started.stderr);
    expect(early).toBeGreaterThan(0);
    expect(early).not.toBe(started.pid);
    expect(isAlive(early)).toBe(false);
    expect(existsSync(path.join(h.dir, 'wrong'))).toBe(false);
    expect(started.stdout).toContain(`log ${path.join(h.dir, 'logs', 'drover.log')}`);
    await waitFor('web RUNNING in drover.log', () => /web:web STARTING -> RUNNING/.test(readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8')));
  });

  it('on a bad config, ends the early supervisor and leaves no log folder behind', async () => {
    h.writeConfig('programs:\n  web:\n    command: sleep 1000\n    numprocs: lots\n');
    const started = await h.startDaemon([], trace);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('programs.yaml:4:15: programs.web.numprocs');
    const early = earlyPid(started.stderr);
    expect(early).toBeGreaterThan(0);
    expect(isAlive(early)).toBe(false);
    expect(existsSync(path.join(h.dir, 'logs'))).toBe(false);
  });

  it('keeps an existing log when a second launch finds the socket in use', async () => {
    h.writeConfig(oneProgram);
    const first = await h.startDaemon();
    expect(first.code, first.stderr).toBe(0);
    const logFile = path.join(h.dir, 'logs', 'drover.log');
    await waitFor('web RUNNING in drover.log', () => /web:web STARTING -> RUNNING/.test(readFileSync(logFile, 'utf8')));
    const before = readFileSync(logFile, 'utf8');
    const second = await h.startDaemon();
    expect(second.code).toBe(1);
    expect(readFileSync(logFile, 'utf8').startsWith(before)).toBe(true);
    expect(isAlive(first.pid!)).toBe(true);
  });
});
