/**
 * What the running supervisor, ctl and the view need from the config module, without the YAML
 * parser and the schema library: those take ~300 ms to load, ctl must start fast, and the supervisor
 * parses its config in a child process (load-isolated) so as never to hold them. The dependency rule
 * checks that nothing here reaches them; everything else, loadConfig included, is in index.ts.
 */
export { decodeLoadResult, encodeLoadResult, loadConfigIsolated } from './load-isolated.js';
export { findConfigPath } from './find-config-path.js';
export { parseDotenv } from './dotenv.js';
export { interpolate } from './interpolate.js';
export { expandTemplate, findTemplateKeys, parseTemplate, type TemplatePart } from './expand-template.js';
export { formatConfigError } from './format-config-error.js';
export { buildTemplateVars, groupNameOf, TEMPLATE_KEYS } from './template-vars.js';
export { commandRunsUvicorn, PYTHON, uvicornServer, type UvicornRunner } from './uvicorn-command.js';
export type { HostLookups } from './check-host.js';
export type {
  AutoRestart,
  BindAddress,
  Config,
  ConfigError,
  CpuLimit,
  CronSchedule,
  HookName,
  InterpolatedValue,
  LoadResult,
  LogConfig,
  LogTarget,
  PreforkConfig,
  ProbeCheck,
  ProbeConfig,
  ProgramConfig,
  ReadinessConfig,
  SourcePosition,
  SupervisorConfig,
  TcpAddress,
  VariableReference,
  WatchAction,
  WatchConfig,
} from './types.js';
