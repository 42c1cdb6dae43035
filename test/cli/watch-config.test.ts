import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliHarness } from '../helpers/cli-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * supervisor.watch_config end to end: a real drover in line mode, its config
 * file edited on disk, and every pid read from its own state lines.
 */

let h: CliHarness;
beforeEach(() => {
  h = new CliHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const pidOf = (line: string) => Number(/pid=(\d+)/.exec(line)![1]);
const config = (programs: string) => `supervisor:\n  watch_config: true\nprograms:\n${programs}`;
const program = (name: string, command: string) => `  ${name}:\n    command: ${command}\n    startsecs: 0\n`;

describe('watch_config', () => {
  it('applies only the difference when the file changes; an invalid edit is reported and changes nothing; an atomic save applies once', async () => {
    h.writeConfig(config(program('keep', 'sleep 1000') + program('change', 'sleep 1001')));
    const cli = h.run(['--foreground', '-c', 'programs.yaml']);
    const keep = pidOf(await cli.waitForLine(/keep:keep STARTING -> RUNNING/));
    const changeBefore = pidOf(await cli.waitForLine(/change:change STARTING -> RUNNING/));
    await cli.waitForLine(/drover: watching .*programs\.yaml for changes \(watch_config\)/);

    h.writeConfig(config(program('keep', 'sleep 1000') + program('change', 'sleep 1002') + program('add', 'sleep 1003')));
    await cli.waitForLine(/the config file changed: config applied: added \[add\], changed \[change\], removed \[\]/);
    await cli.waitForLine(/add:add STARTING -> RUNNING/);
    // Its second start: it and add start together, in either order.
    await waitFor('change started again', () => cli.lines.filter((l) => /change:change STARTING -> RUNNING/.test(l)).length === 2);
    const changeAfter = pidOf(cli.lines.filter((l) => /change:change STARTING -> RUNNING/.test(l)).at(-1)!);
    expect(changeAfter).not.toBe(changeBefore);
    // Only its start-up lines: the update never touched it.
    expect(cli.lines.filter((l) => l.includes('keep:keep'))).toHaveLength(2);

    const beforeInvalid = cli.lines.length;
    h.writeConfig(config(program('keep', 'sleep 1000') + '  change:\n    command: sleep 1002\n    startsecs: soon\n'));
    await cli.waitForLine(/the config file changed: config not applied, 1 error\(s\):/);
    const error = await cli.waitForLine(/programs\.yaml:\d+:\d+: .*startsecs/);
    expect(error).toMatch(/programs\.yaml:\d+:\d+: programs\.change\.startsecs/);
    expect(cli.lines.slice(beforeInvalid).some((l) => /(keep|change|add):\w+ RUNNING -> STOPPING/.test(l))).toBe(false);

    // An editor's save: write a temp file, rename it over the config.
    const temp = path.join(h.dir, '.programs.yaml.swp-new');
    writeFileSync(temp, config(program('keep', 'sleep 1000') + program('change', 'sleep 1002')));
    renameSync(temp, path.join(h.dir, 'programs.yaml'));
    await cli.waitForLine(/config applied: added \[\], changed \[\], removed \[add\]/);
    await cli.waitForLine(/add:add STOPPING -> STOPPED/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(cli.lines.filter((l) => /config applied/.test(l))).toHaveLength(2);
    expect(cli.lines.filter((l) => l.includes('keep:keep'))).toHaveLength(2);
    expect(keep).toBeGreaterThan(0);
  });
});
