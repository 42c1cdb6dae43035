/**
 * The config module's public surface: load programs.yaml, expand templates, format errors. Code that
 * must not load the YAML parser and the schema (the supervisor process, ctl) imports runtime.ts instead.
 */
export * from './runtime.js';
export { loadConfig } from './load-config.js';
export { parseBindText } from './parse-bind.js';
export { NAME_PATTERN } from './validate-raw.js';
export { splitCommand } from './split-command.js';
export { fail, succeed, type Result } from './result.js';
export { describeFsError, gunicornServerHooks } from './messages.js';
export { readSpecialLogPath } from './console-paths.js';
export { findGunicornConfigFile, findServerHooks } from './gunicorn-server-hooks.js';
