import type { ConfigSpec, ProgramSpec } from './case-types.js';
import { FIXTURES, fillPlaceholders } from './paths.js';

/** The options whose defaults differ (supervisord false, drover true); see ConfigSpec.nativeDefaults. */
const DROVER_DEFAULTS: ProgramSpec = { stopasgroup: true, killasgroup: true };

function iniValue(value: ProgramSpec[string]): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([key, v]) => `${key}="${v}"`)
      .join(',');
  }
  return String(value);
}

function renderProgram(name: string, program: ProgramSpec, nativeDefaults: boolean): string {
  const options = nativeDefaults ? program : { ...DROVER_DEFAULTS, ...program };
  const lines = [`[program:${name}]`, ...Object.entries(options).map(([key, value]) => `${key}=${iniValue(value)}`)];
  return lines.join('\n');
}

/**
 * supervisord.conf for a case: unix socket only, everything inside `dir`, and
 * the state recorder plugin (fixtures/state_recorder.py) writing to `states.log`.
 */
export function renderIni(config: ConfigSpec, dir: string): string {
  const head = `[unix_http_server]
file=${dir}/supervisor.sock

[supervisord]
logfile=${dir}/supervisord.log
loglevel=info
pidfile=${dir}/supervisord.pid
childlogdir=${dir}/logs
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[rpcinterface:recorder]
supervisor.rpcinterface_factory = state_recorder:make_recorder
file=${dir}/states.log

[supervisorctl]
serverurl=unix://${dir}/supervisor.sock
`;
  const programs = Object.entries(config.programs).map(([name, program]) => renderProgram(name, program, config.nativeDefaults ?? false));
  const groups = Object.entries(config.groups ?? {}).map(([name, members]) => `[group:${name}]\nprograms=${members.join(',')}`);
  return fillPlaceholders([head, ...programs, ...groups].join('\n\n') + '\n', dir, FIXTURES);
}
