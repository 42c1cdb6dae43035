import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CLI, CliHarness } from '../helpers/cli-harness.js';
import { parseUnitFiles, single, verifyUnits } from '../export/unit-files.js';

let h: CliHarness;
beforeEach(() => {
  h = new CliHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const CONFIG = 'programs:\n  web:\n    type: prefork\n    command: uvicorn main:app --fd {fd}\n    bind: 127.0.0.1:8000\n    workers: 2\n  worker:\n    command: sleep 100\n';

describe('drover export', () => {
  it('prints the unit that runs drover, with absolute paths, and exits 0', async () => {
    h.writeConfig(CONFIG);
    const result = await h.runToEnd(['export', 'systemd']);
    expect(result.code, result.stderr).toBe(0);
    const unit = parseUnitFiles(`${result.stdout}\n`).get('drover.service');
    expect(single(unit, 'Service', 'ExecStart')).toBe(`${process.execPath} ${CLI} --daemon --foreground -c ${h.dir}/programs.yaml`);
    expect(single(unit, 'Service', 'WorkingDirectory')).toBe(h.dir);
    expect(result.stderr).toBe('');
  });

  it('prints units that pass systemd-analyze verify, with socket activation', async () => {
    h.writeConfig(CONFIG);
    const result = await h.runToEnd(['export', 'systemd', '--socket-activation']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/programs\.yaml:2:3: programs\.web\.bind\[0\]: systemd opens 127\.0\.0\.1:8000 for drover as fd 3: change this entry to fd:\/\/3/);
    expect(verifyUnits(`${result.stdout}\n`)).toEqual({ status: 0, problems: [] });
  });

  it('prints Kubernetes manifests, and says on stderr what to fill in', async () => {
    h.writeConfig(CONFIG);
    const result = await h.runToEnd(['export', 'kubernetes', '-c', 'programs.yaml']);
    expect(result.code, result.stderr).toBe(0);
    const docs = parseAllDocuments(result.stdout);
    if (!Array.isArray(docs)) throw new Error('expected a stream of documents');
    expect(docs.map((doc) => (doc.toJS() as { kind: string }).kind)).toEqual(['Deployment', 'Service', 'Deployment']);
    expect(result.stderr).toMatch(/^warning: image: drover cannot know which image holds your programs/m);
  });

  it('exits 2 for an unknown kind, or an option that does not apply to the kind, before reading the config', async () => {
    const unknown = await h.runToEnd(['export', 'nginx']);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'drover: unknown export kind "nginx": expected systemd, compose, kubernetes\n' });
    const misplaced = await h.runToEnd(['export', 'compose', '--per-program']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toBe('drover: --per-program applies only to drover export systemd, not compose\n');
    const both = await h.runToEnd(['export', 'systemd', '--per-program', '--socket-activation']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--socket-activation is for the unit that runs drover; with --per-program every prefork program gets its own \.socket unit/);
    const none = await h.runToEnd(['export']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/export takes one kind: systemd, compose or kubernetes/);
  });

  it('exits 1 for an invalid config, printing every error with its position, as check does', async () => {
    h.writeConfig('programs:\n  a:\n    command: sleep 1\n    numprocs: -1\n  b:\n    command: sleep 1\n    depends_on: [zz]\n');
    const result = await h.runToEnd(['export', 'compose']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/programs\.yaml:4:15: programs\.a\.numprocs: expected a whole number ≥ 1, got -1/);
    expect(lines[1]).toMatch(/programs\.yaml:7:\d+: programs\.b\.depends_on\[0\]: .*"zz"/);
    expect(lines[2]).toBe(`2 errors in ${h.dir}/programs.yaml`);
  });
});
