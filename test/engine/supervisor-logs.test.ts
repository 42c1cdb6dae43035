import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

let h: EngineHarness;
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const LINE_BYTES = 100;
const LINES = 400_000;

/** Every kept file of a rotated log, oldest first. */
function keptFiles(log: string): string[] {
  const dir = path.dirname(log);
  const base = path.basename(log);
  const backups = readdirSync(dir)
    .filter((f) => f.startsWith(`${base}.`))
    .map((f) => Number(f.slice(base.length + 1)))
    .sort((a, b) => b - a);
  return [...backups.map((n) => `${log}.${n}`), log];
}

describe('process output', () => {
  it('a flooding program loses no line and tears none across rotations', async () => {
    const maxBytes = 2 * 1024 * 1024;
    const s = await h.start([
      makeProgram('flood', fixture('flood-lines.mjs', 10_000, LINE_BYTES, LINES), {
        autorestart: false,
        stdout: { target: { kind: 'auto' }, maxBytes, backups: 1000 },
      }),
    ]);
    await waitFor('flood finished', () => s.list()[0]!.state === 'EXITED', 30_000);
    const log = path.join(h.dir, 'logs', 'flood.out.log');
    // The pipe may still be draining into the file just after the exit.
    let files: string[] = [];
    await waitFor('every byte in the files', () => {
      files = keptFiles(log);
      return files.reduce((sum, f) => sum + statSync(f).size, 0) >= LINES * LINE_BYTES;
    });
    expect(files.length).toBeGreaterThan(3); // it really rotated
    let expected = 0;
    const problems: string[] = [];
    for (const file of files) {
      // A line already partly written when the limit comes is finished in its file: at most one line over.
      if (statSync(file).size > maxBytes + LINE_BYTES) problems.push(`${file} is more than one line over maxBytes`);
      const text = readFileSync(file, 'latin1');
      if (!text.endsWith('\n')) problems.push(`${file} ends mid-line`); // a line split across two files
      for (const line of text.slice(0, -1).split('\n')) {
        if (line.length !== LINE_BYTES - 1 || Number(line.slice(0, 9)) !== expected) problems.push(`${file}: line ${expected}: ${line.slice(0, 20)}`);
        expected++;
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(expected).toBe(LINES);
  });

  it('keeps recent lines for tail, per stream, and merges stderr with redirect_stderr', async () => {
    const s = await h.start([makeProgram('split', fixture('print-env.mjs')), makeProgram('merged', fixture('print-env.mjs'), { redirectStderr: true })]);
    await waitFor('split output', () => s.tail('split', 10, 'stderr').length === 1 && s.tail('split', 10).length === 1);
    expect(s.tail('split', 10, 'stderr')).toEqual(['to stderr']);
    expect(s.tail('split', 10)[0]).toMatch(/^\{"cwd"/);
    const merged = await waitFor('merged output', () => (s.tail('merged', 10).length === 2 ? s.tail('merged', 10) : null));
    expect(merged).toContain('to stderr');
    await waitFor('merged log file', () => readFileSync(path.join(h.dir, 'logs', 'merged.out.log'), 'utf8').includes('to stderr'));
    expect(() => statSync(path.join(h.dir, 'logs', 'merged.err.log'))).toThrow();
  });

  it('emits log line events to subscribers that ask for them', async () => {
    const s = await h.start([makeProgram('talk', [process.execPath, '-e', "console.log('one\\ntwo'); setInterval(() => {}, 1e6)"])]);
    await waitFor('lines', () => h.events.some((e) => e.kind === 'log' && e.lines.includes('two')));
    const log = h.events.find((e) => e.kind === 'log');
    expect(log).toMatchObject({ kind: 'log', process: 'talk:talk', stream: 'stdout', lines: ['one', 'two'] });
    const quiet: string[] = [];
    s.subscribe((e) => quiet.push(e.kind));
    await s.restartProcesses(['talk']);
    await waitFor('second run logged', () => h.events.filter((e) => e.kind === 'log').length >= 2);
    expect(quiet).not.toContain('log');
  });

  it('names the logs and log events of a grouped process after group:process, as status does', async () => {
    const talk = [process.execPath, '-e', "console.log('hello'); setInterval(() => {}, 1e6)"];
    await h.start([makeProgram('ga', talk), makeProgram('gb', talk, { numprocs: 2, processName: '%(program_name)s_%(process_num)02d' })], { grp: ['ga', 'gb'] });
    await waitFor('three processes logged', () => new Set(h.events.flatMap((e) => (e.kind === 'log' ? [e.process] : []))).size === 3);
    expect([...new Set(h.events.flatMap((e) => (e.kind === 'log' ? [e.process] : [])))].sort()).toEqual(['grp:ga', 'grp:gb_00', 'grp:gb_01']);
    // A one-process program keeps its short file name; the others take the whole name, `:` made `_`.
    for (const file of ['ga.out.log', 'grp_gb_00.out.log', 'grp_gb_01.out.log']) {
      await waitFor(`${file} written`, () => readFileSync(path.join(h.dir, 'logs', file), 'utf8').includes('hello'));
    }
  });

  it('reads what a child left in its output socket after its exit, even when the log takes longer than the grace to write it', async () => {
    // 6 MB: less than the socket holds, so the flood is in the socket and exited long before the log has it.
    const lines = 60_000;
    const fifo = path.join(h.dir, 'slow.fifo');
    const out = path.join(h.dir, 'read.out');
    execFileSync('mkfifo', [fifo]);
    // About 1.3 MB/s: the socket's backlog takes some 4 s to go through, past the 2 s grace that follows an exit.
    const reader: ChildProcess = spawn('sh', ['-c', 'while dd bs=65536 count=1 status=none >> "$2"; do sleep 0.05; done < "$1"', 'sh', fifo, out], { stdio: 'ignore' });
    try {
      const s = await h.start([
        makeProgram('flood', fixture('flood-lines.mjs', 60_000, LINE_BYTES, lines), {
          autorestart: false,
          stdout: { target: { kind: 'file', path: fifo }, maxBytes: 0, backups: 0 },
        }),
      ]);
      await waitFor('flood finished', () => s.list()[0]!.state === 'EXITED', 30_000);
      await waitFor('every line through the slow log', () => statSync(out).size >= lines * LINE_BYTES, 60_000, 100);
      const text = readFileSync(out, 'latin1');
      expect(text.length).toBe(lines * LINE_BYTES);
      expect(Number(text.slice(text.length - LINE_BYTES, text.length - LINE_BYTES + 9))).toBe(lines - 1);
    } finally {
      reader.kill('SIGKILL');
    }
  }, 90_000);
});
