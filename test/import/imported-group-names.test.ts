import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-file.js';
import type { Side } from '../conformance/harness/case-types.js';
import { DroverSide } from '../conformance/harness/drover-side.js';
import { actionNames, allReached, statusNames } from '../conformance/harness/observe.js';
import { FIXTURES } from '../conformance/harness/paths.js';
import { renderIni } from '../conformance/harness/render-ini.js';
import { SupervisordSide } from '../conformance/harness/supervisord-side.js';

/**
 * Real configs with `[group:x]`, imported and run by drover, and run as they
 * are by supervisord 4.2.5, the referee: a script's `supervisorctl status`,
 * `restart grp:prog` and `status grp:*` must name the same processes under
 * `drover ctl`. Commands are replaced by a stand-in (their binaries are not
 * on this machine), and what needs the image (users, folders, log files,
 * environment) is left out; names do not depend on any of it.
 */
const CORPUS = fileURLToPath(new URL('../fixtures/real-world/supervisord/', import.meta.url));
const STAND_IN = `${FIXTURES}/exit-with.sh 0 1000`;
const LEFT_OUT = /^(user|directory|environment|std(out|err)_logfile.*|redirect_stderr)$/;

/** The `[program:x]` and `[group:x]` sections of a config, commands replaced, image-only options left out. */
function standInSections(text: string): string {
  const out: string[] = [];
  let inSection = false;
  let keep = true;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]+)\]/.exec(line);
    if (section) {
      inSection = /^(program|group):/.test(section[1]!.trim());
      if (inSection) out.push(line.trim());
      continue;
    }
    if (!inSection) continue;
    // A continuation line belongs to the option above it.
    if (/^\s+\S/.test(line)) {
      if (keep) out.push(line);
      continue;
    }
    const key = /^\s*([A-Za-z_]+)\s*[=:]/.exec(line)?.[1];
    keep = key === undefined || !LEFT_OUT.test(key);
    if (key === 'command') out.push(`command=${STAND_IN}`);
    else if (keep) out.push(line);
  }
  return out.join('\n') + '\n';
}

function programNames(body: string): string[] {
  return [...body.matchAll(/^\[program:([^\]]+)\]/gm)].map((m) => m[1]!.trim());
}

const sides: Side[] = [];
afterEach(async () => {
  await Promise.all(sides.splice(0).map((side) => side.cleanup()));
});

async function startSupervisord(body: string): Promise<SupervisordSide> {
  const side = new SupervisordSide();
  sides.push(side);
  writeFileSync(side.configFile, renderIni({ programs: {} }, side.dir) + '\n' + body);
  await side.start();
  return side;
}

async function startDrover(body: string): Promise<DroverSide> {
  const side = new DroverSide();
  sides.push(side);
  const source = path.join(side.dir, 'supervisord.conf');
  writeFileSync(source, body);
  const imported = await importFile(source, { prefork: false });
  if (!imported.ok) throw new Error(`import failed: ${imported.errors.map((e) => e.message).join('; ')}`);
  writeFileSync(path.join(side.dir, 'programs.yaml'), imported.yaml);
  await side.start();
  return side;
}

/** What a supervisorctl script sees on either side, once every program is up. */
async function observe(side: Side, processes: string[], group: string, member: string): Promise<Record<string, string>> {
  expect(await allReached(side, processes, 'RUNNING', 30_000), `${side.kind}: every program RUNNING`).toBe(true);
  return {
    ...(await statusNames(side)),
    ...(await statusNames(side, `${group}:*`)),
    ...(await actionNames(side, 'restart', `${group}:${member}`)),
    ...(await statusNames(side, `${group}:${member}`)),
  };
}

/**
 * supervisorctl prints a one-process program outside any group as `x`,
 * drover as `x:x` (docs/differences-from-supervisord.md, case one-process-name):
 * the one difference in names, spelled out here rather than hidden.
 */
function withProgramPrefix(observed: Record<string, string>): Record<string, string> {
  const prefixed = (entry: string) => (/^[^\s:]+(\s|$)/.test(entry) ? entry.replace(/^(\S+)/, '$1:$1') : entry);
  return Object.fromEntries(Object.entries(observed).map(([key, value]) => [key, key.endsWith(' names') ? value.split(', ').map(prefixed).sort().join(', ') : value]));
}

async function compareWithSupervisord(body: string, group: string, member: string): Promise<Record<string, string>> {
  const processes = programNames(body);
  const [supervisord, drover] = await Promise.all([startSupervisord(body), startDrover(body)]);
  const [referee, observed] = await Promise.all([observe(supervisord, processes, group, member), observe(drover, processes, group, member)]);
  expect(observed).toEqual(withProgramPrefix(referee));
  return observed;
}

describe("imported configs keep supervisord's group:process names", () => {
  it('awx-docker-compose.conf: [group:tower-processes]', async () => {
    const body = standInSections(readFileSync(path.join(CORPUS, 'awx-docker-compose.conf'), 'utf8'));
    const seen = await compareWithSupervisord(body, 'tower-processes', 'awx-dispatcher');
    // The grouped programs are tower-processes:…; the two outside the group keep their own names.
    expect(seen['status names']).toContain('tower-processes:awx-dispatcher RUNNING');
    expect(seen['status names']).toContain('awx-receptor:awx-receptor RUNNING');
    expect(seen['restart tower-processes:awx-dispatcher names']).toBe('tower-processes:awx-dispatcher');
    expect(seen['status tower-processes:* names']!.split(', ')).toHaveLength(10);
  }, 120_000);

  it('onlyoffice/: a conf.d [group:onlyoffice-documentserver] naming programs of sibling files', async () => {
    const folder = path.join(CORPUS, 'onlyoffice');
    const files = readdirSync(folder)
      .filter((name) => name.endsWith('.conf'))
      .sort();
    const body = files.map((name) => standInSections(readFileSync(path.join(folder, name), 'utf8'))).join('\n');
    const seen = await compareWithSupervisord(body, 'onlyoffice-documentserver', 'docservice');
    expect(seen['status onlyoffice-documentserver:* names']!.split(', ')).toHaveLength(5);
    expect(seen['restart onlyoffice-documentserver:docservice exit']).toBe('0');
  }, 120_000);
});
