import path from 'node:path';
import { warningAt, type ImportWarning } from './import-warning.js';
import { readSpecialLogPath } from '../config/index.js';
import { logdirChosen, logfileNotAFolder, noEquivalent, optionNotImported, syslogLogfile, unknownSectionOption } from './import-messages.js';
import { expandPercent, type Segment } from './percent-expansion.js';
import { readPathValue } from './program-options.js';
import type { IniOption, IniSection } from './supervisord-ini.js';
import { readEnvironmentPairs, readOctal } from './supervisord-values.js';

export interface SupervisordSettings {
  /** Options under `supervisor:` in programs.yaml. */
  supervisor: Record<string, unknown>;
  /** `[supervisord] environment`, for every program and for `%(ENV_X)s`. */
  globalEnv: Map<string, Segment[]>;
  /** `[supervisord] directory` / `umask`: what programs without their own inherit. */
  inherited: { directory?: string; umask?: string };
  warnings: ImportWarning[];
}

// [supervisord] options that have no programs.yaml equivalent, and why.
const SUPERVISORD_ONLY: Record<string, string> = {
  user: "drover runs as the user that starts it (systemd's User=, or su)",
  nodaemon: 'drover chooses on its command line: drover --daemon detaches, drover --daemon --foreground stays attached',
  silent: 'drover --daemon writes its own output to <logdir>/drover.log',
  loglevel: 'drover logs state changes at one level',
  logfile_maxbytes: "drover's own log is not rotated by size; use logrotate and drover's USR1 (reopen logs)",
  logfile_backups: "drover's own log is not rotated by size; use logrotate and drover's USR1 (reopen logs)",
  identifier: "drover's control API has no identifier",
  minfds: "set the open-files limit where drover starts (systemd's LimitNOFILE=, ulimit -n)",
  minprocs: "set the process limit where drover starts (systemd's LimitNPROC=, ulimit -u)",
  nocleanup: 'drover keeps auto log files',
  strip_ansi: 'drover keeps program output as written',
  profile_options: 'drover has no profiler option',
};

/**
 * `[supervisord]`: the pidfile, the log folder (childlogdir, else the
 * folder of logfile), and what every program inherits (environment,
 * directory, umask). The rest is listed as warnings.
 */
export function readSupervisordSection(section: IniSection | undefined): SupervisordSettings {
  const settings: SupervisordSettings = { supervisor: {}, globalEnv: new Map(), inherited: {}, warnings: [] };
  if (section === undefined) return settings;
  const warn = (option: IniOption, message: string) => settings.warnings.push(warningAt(option.file, option.line, message));
  const pathOf = (option: IniOption): string | undefined => {
    const outcome = readPathValue(option.value, scopeOf(option, settings.globalEnv), 'plain');
    for (const note of outcome.notes) warn(option, note);
    if (outcome.failure !== undefined) warn(option, optionNotImported(option.name, outcome.failure));
    return outcome.failure === undefined ? (outcome.value as string) : undefined;
  };

  // environment first: the other options may read it as %(ENV_X)s.
  const environment = section.options.get('environment');
  if (environment !== undefined) readGlobalEnvironment(environment, settings, warn);

  let logfileDir: { dir: string; option: IniOption } | undefined;
  for (const option of section.options.values()) {
    switch (option.name) {
      case 'environment':
        break;
      case 'pidfile': {
        const file = pathOf(option);
        if (file !== undefined) settings.supervisor.pidfile = file;
        break;
      }
      case 'childlogdir': {
        const dir = pathOf(option);
        if (dir !== undefined) settings.supervisor.logdir = dir;
        break;
      }
      case 'logfile': {
        // A Docker image's logfile=/dev/stdout (or /dev/null) names no folder: /dev must not become logdir.
        if (readSpecialLogPath(option.value) !== null) {
          warn(option, logfileNotAFolder(option.value));
          break;
        }
        if (option.value.trim().toLowerCase() === 'syslog') warn(option, syslogLogfile('logfile'));
        const file = option.value.trim().toLowerCase() === 'syslog' ? undefined : pathOf(option);
        if (file !== undefined) logfileDir = { dir: path.posix.dirname(file), option };
        break;
      }
      case 'directory': {
        const dir = pathOf(option);
        if (dir !== undefined) settings.inherited.directory = dir;
        break;
      }
      case 'umask': {
        const umask = readOctal(option.value);
        if (umask.ok) settings.inherited.umask = umask.value;
        else warn(option, optionNotImported('umask', umask.message));
        break;
      }
      default:
        warn(option, option.name in SUPERVISORD_ONLY ? noEquivalent(option.name, option.value, SUPERVISORD_ONLY[option.name]!) : unknownSectionOption('supervisord', option.name));
    }
  }
  // drover writes its own log and the programs' auto logs to one folder.
  if (logfileDir !== undefined) {
    const chosen = settings.supervisor.logdir;
    if (chosen === undefined) settings.supervisor.logdir = logfileDir.dir;
    else if (typeof chosen === 'string' && chosen !== logfileDir.dir) warn(logfileDir.option, logdirChosen(chosen, logfileDir.dir));
  }
  return settings;
}

function readGlobalEnvironment(option: IniOption, settings: SupervisordSettings, warn: (option: IniOption, message: string) => void): void {
  const pairs = readEnvironmentPairs(option.value);
  if (!pairs.ok) {
    warn(option, optionNotImported('environment', pairs.message));
    return;
  }
  for (const [key, value] of pairs.value) {
    // supervisord expands this setting with its own environment only, before reading the pairs.
    const expansion = expandPercent(value, scopeOf(option, new Map()));
    for (const note of expansion.notes) warn(option, note);
    if (expansion.failure !== null) warn(option, optionNotImported(`environment ${key}`, expansion.failure));
    else settings.globalEnv.set(key, expansion.segments);
  }
}

function scopeOf(option: IniOption, env: ReadonlyMap<string, Segment[]>) {
  return { here: path.dirname(option.file), perProcess: false, env };
}
