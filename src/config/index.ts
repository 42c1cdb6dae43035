/** The config module's public surface: load programs.yaml, expand templates, format errors. */
export { loadConfig } from './load-config.js';
export { expandTemplate, findTemplateKeys } from './expand-template.js';
export { formatConfigError } from './format-config-error.js';
export { buildTemplateVars, groupNameOf, TEMPLATE_KEYS } from './template-vars.js';
export type {
  AutoRestart,
  BindAddress,
  Config,
  ConfigError,
  CpuLimit,
  CronSchedule,
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
