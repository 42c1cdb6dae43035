import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { exportConfig } from '../../src/export/export-config.js';
import { requireSystemdAnalyze } from '../helpers/export-validation.js';
import { lines, useConfigDir } from '../config/temp-config.js';
import { parseUnitFiles, single, testContext, verifyUnits } from './unit-files.js';

const t = useConfigDir();

// ${GUNICORN_WORKERS} stands for a whole word (drover splits its value), ${PORT:-8000} is part of one.
const CONFIG = lines(
  'programs:',
  '  web:',
  '    command: gunicorn -w ${GUNICORN_WORKERS} --bind 0.0.0.0:${PORT:-8000} app:app',
  '    numprocs: ${NUMPROCS:-2}',
  '    environment:',
  '      DATABASE_URL: ${DATABASE_URL}',
  '      GREETING: hello ${NAME}',
  '      LITERAL: "$$HOME and $$(date)"',
);
const ENV = { GUNICORN_WORKERS: '4', DATABASE_URL: 'postgres://db/app', NAME: 'world' };

async function exported(kind: 'systemd' | 'compose' | 'kubernetes') {
  const config = await t.config(CONFIG, ENV);
  const request = kind === 'systemd' ? { kind, perProgram: true, socketActivation: false } : { kind };
  return exportConfig(request, config, testContext());
}

describe('drover export keeps ${VAR}s where the target has variables', () => {
  it('systemd: ${VAR} in ExecStart=, defaults as Environment=, the values from /etc/drover/NAME.env', async () => {
    requireSystemdAnalyze();
    const { text, warnings } = await exported('systemd');
    const unit = parseUnitFiles(text).get('web@.service');
    const execStart = single(unit, 'Service', 'ExecStart');
    // A whole word: $VAR, which systemd splits at whitespace as drover splits the value.
    expect(execStart).toMatch(/ -w \$GUNICORN_WORKERS --bind "?0\.0\.0\.0:\$\{PORT\}"? app:app$/);
    expect(execStart).not.toContain('-w 4');
    // The value must be in the file: no `-`, so a missing file stops the start rather than running with no workers.
    expect(single(unit, 'Service', 'EnvironmentFile')).toBe('/etc/drover/web.env');
    const environment = unit!.Service!.Environment!;
    expect(environment).toContain('"PORT=8000"');
    expect(environment.join(' ')).not.toContain('postgres://db/app');
    expect(environment).toContain('"LITERAL=$HOME and $(date)"');
    expect(text).toMatch(/# .*\/etc\/drover\/web\.env.*\n# .*GUNICORN_WORKERS.*DATABASE_URL/);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/programs\.yaml:2:3: programs\.web\.numprocs: \$\{NUMPROCS:-2\} .*2.*systemd/),
        expect.stringMatching(/programs\.web\.environment\.GREETING: \$\{NAME\} .*"hello world".*systemd/),
        expect.stringMatching(/programs\.web: .*GUNICORN_WORKERS.*\/etc\/drover\/web\.env/),
      ]),
    );
    expect(verifyUnits(text).problems).toEqual([]);
  });

  it('compose: ${VAR} kept for compose to fill in, every other $ written $$', async () => {
    const { text, warnings } = await exported('compose');
    const service = (parse(text) as { services: Record<string, Record<string, unknown>> }).services.web!;
    // A string command: compose splits it after filling in ${GUNICORN_WORKERS}, as drover does.
    expect(service.command).toBe('gunicorn -w ${GUNICORN_WORKERS} --bind "0.0.0.0:${PORT:-8000}" app:app');
    expect(service.environment).toEqual({ DATABASE_URL: '${DATABASE_URL}', GREETING: 'hello ${NAME}', LITERAL: '$$HOME and $$(date)' });
    expect(service.deploy).toMatchObject({ replicas: 2 });
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/programs\.web\.numprocs: \$\{NUMPROCS:-2\} .*2.*compose/)]));
    expect(warnings.join('\n')).not.toMatch(/programs\.web\.(command|environment)/);
  });

  it('kubernetes: an env entry per variable, $(VAR) in the command and in values', async () => {
    const { text, warnings } = await exported('kubernetes');
    const deployment = parseAllDocuments(text).map((doc) => doc.toJS())[0] as {
      spec: { replicas: number; template: { spec: { containers: { command: string[]; env: { name: string; value: string }[] }[] } } };
    };
    const container = deployment.spec.template.spec.containers[0]!;
    expect(container.command).toEqual(['gunicorn', '-w', '$(GUNICORN_WORKERS)', '--bind', '0.0.0.0:$(PORT)', 'app:app']);
    expect(container.env).toEqual([
      { name: 'GUNICORN_WORKERS', value: '4' },
      { name: 'PORT', value: '8000' },
      { name: 'NAME', value: 'world' },
      { name: 'DATABASE_URL', value: 'postgres://db/app' },
      { name: 'GREETING', value: 'hello $(NAME)' },
      { name: 'LITERAL', value: '$HOME and $$(date)' },
    ]);
    expect(deployment.spec.replicas).toBe(2);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/programs\.web\.numprocs: \$\{NUMPROCS:-2\} .*2.*Kubernetes/)]));
  });

  it('kubernetes: writes the words of a whole-word variable that holds other than one word, and says so', async () => {
    const config = await t.config(CONFIG, { ...ENV, GUNICORN_WORKERS: '' });
    const { text, warnings } = await exportConfig({ kind: 'kubernetes' }, config, testContext());
    const deployment = parseAllDocuments(text)[0]!.toJS() as { spec: { template: { spec: { containers: { command: string[] }[] } } } };
    // $(GUNICORN_WORKERS) would be one empty argument, where drover passes none.
    expect(deployment.spec.template.spec.containers[0]!.command).toEqual(['gunicorn', '-w', '--bind', '0.0.0.0:$(PORT)', 'app:app']);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/programs\.web\.command: \$\{GUNICORN_WORKERS\} .*no argument.*one argument/)]));
  });

  it('systemd, the unit that runs drover: reads the variables from /etc/drover/drover.env', async () => {
    const config = await t.config(CONFIG, ENV);
    const { text, warnings } = await exportConfig({ kind: 'systemd', perProgram: false, socketActivation: false }, config, testContext());
    const unit = parseUnitFiles(text).get('drover.service');
    // drover fills the variables in when it reads the config, so they must be in its environment; optional, as drover names an unset one itself.
    expect(single(unit, 'Service', 'EnvironmentFile')).toBe('-/etc/drover/drover.env');
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/GUNICORN_WORKERS, PORT, NUMPROCS, DATABASE_URL, NAME: .*\/etc\/drover\/drover\.env/)]));
    expect(verifyUnits(text).problems).toEqual([]);
  });
});
