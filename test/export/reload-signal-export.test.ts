import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../src/export/export-config.js';
import { lines, useConfigDir } from '../config/temp-config.js';
import { parseUnitFiles, single, testContext } from './unit-files.js';

/** reload_signal in the exported files: systemd's ExecReload is the same thing; containers have none. */

const t = useConfigDir();

const CONFIG = lines('programs:', '  web:', '    command: [sleep, "100"]', '    reload_signal: usr2', '  plain:', '    command: [sleep, "101"]');

describe('reload_signal, exported', () => {
  it('systemd --per-program: ExecReload signals the main pid, as ctl reload does; none without reload_signal', async () => {
    const { text } = await exportConfig({ kind: 'systemd', perProgram: true, socketActivation: false }, await t.config(CONFIG), testContext());
    const files = parseUnitFiles(text);
    expect(single(files.get('web@.service'), 'Service', 'ExecReload')).toBe('/bin/kill -s USR2 $MAINPID');
    expect(files.get('plain@.service')?.Service?.ExecReload).toBeUndefined();
  });

  it.each([
    ['compose', 'not carried over: compose has no reload; docker compose kill -s USR2 SERVICE sends the signal'],
    ['kubernetes', 'not carried over: Kubernetes has no reload; kubectl exec POD -- kill -s USR2 1 sends the signal'],
  ] as const)('%s says it does not carry over, at the program', async (kind, message) => {
    const { warnings } = await exportConfig({ kind }, await t.config(CONFIG), testContext());
    expect(warnings.filter((w) => w.includes('reload_signal'))).toEqual([`${t.dir}/programs.yaml:2:3: programs.web.reload_signal: ${message}`]);
  });
});
