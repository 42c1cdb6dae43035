import { warningAt, type ImportWarning } from './import-warning.js';
import { noEquivalent, optionNotImported, sectionNotImported, unknownSection, unknownSectionOption } from './import-messages.js';
import { expandPercent } from './percent-expansion.js';
import { readPathValue } from './program-options.js';
import path from 'node:path';
import type { IniSection } from './supervisord-ini.js';

/** Sections with no programs.yaml equivalent, by prefix, and what to tell the user. */
const UNSUPPORTED_SECTIONS: [prefix: string, reason: string][] = [
  ['eventlistener:', 'drover has no event listeners; its control API streams state changes instead (drover ctl status --json polls them)'],
  ['rpcinterface:', "drover's control API is built in; RPC interface plugins do not carry over"],
  ['ctlplugin:', 'drover ctl takes no plugins'],
  ['inet_http_server', "drover's control API listens on its unix socket only (supervisor.socket); there is no TCP port or web page"],
];

const UNIX_SERVER_ONLY: Record<string, string> = {
  chmod: "drover's control socket is always mode 0600 (its owner only)",
  chown: "drover's control socket belongs to the user drover runs as",
  username: "drover's control socket is guarded by its file permissions, not a login",
  password: "drover's control socket is guarded by its file permissions, not a login",
};

const CTL_REASON = 'drover ctl finds the socket from programs.yaml (-c), $DROVER_SOCKET or --socket, and has no login or prompt';

/** `[unix_http_server] file` → supervisor.socket; its other options are listed. */
export function readUnixServer(section: IniSection): { socket?: string; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  let socket: string | undefined;
  for (const option of section.options.values()) {
    if (option.name === 'file') {
      const outcome = readPathValue(option.value, { here: path.dirname(option.file), perProcess: false, env: new Map() }, 'plain');
      for (const note of outcome.notes) warnings.push(warningAt(option.file, option.line, note));
      if (outcome.failure !== undefined) warnings.push(warningAt(option.file, option.line, optionNotImported('file', outcome.failure)));
      else socket = outcome.value as string;
    } else {
      const reason = UNIX_SERVER_ONLY[option.name];
      warnings.push(warningAt(option.file, option.line, reason === undefined ? unknownSectionOption(section.name, option.name) : noEquivalent(option.name, option.value, reason)));
    }
  }
  return { ...(socket === undefined ? {} : { socket }), warnings };
}

/** `[supervisorctl]`: nothing carries over; each setting is listed at its line. */
export function readCtlSection(section: IniSection): ImportWarning[] {
  return [...section.options.values()].map((option) => warningAt(option.file, option.line, noEquivalent(option.name, option.value, CTL_REASON)));
}

/** A section that is neither read nor consumed elsewhere: listed once, at its header. */
export function describeOtherSection(section: IniSection): ImportWarning {
  const unsupported = UNSUPPORTED_SECTIONS.find(([prefix]) => section.name === prefix || section.name.startsWith(prefix));
  const message = unsupported === undefined ? unknownSection(section.name) : sectionNotImported(section.name, unsupported[1]);
  return warningAt(section.file, section.line, message);
}

/** `[group:x] programs = a,b` → the member names as written, and its other settings listed. */
export function readGroupSection(section: IniSection): { members: string[]; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  let members: string[] = [];
  for (const option of section.options.values()) {
    if (option.name === 'programs') {
      // supervisord allows %(here)s and %(ENV_X)s here too; member names are read now.
      const expansion = expandPercent(option.value, { here: path.dirname(option.file), perProcess: false, env: new Map() });
      const text = expansion.segments.map((s) => (s.kind === 'text' ? s.text : s.kind === 'env' ? (process.env[s.name] ?? '') : s.raw)).join('');
      members = text
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
    } else if (option.name === 'priority') {
      warnings.push(warningAt(option.file, option.line, noEquivalent('priority', option.value, 'drover orders programs, not groups: set priority on the programs of the group')));
    } else warnings.push(warningAt(option.file, option.line, unknownSectionOption(section.name, option.name)));
  }
  return { members, warnings };
}
