import { NAME_PATTERN } from '../config/index.js';
import type { ImportedConfig, ImportedProgram } from './imported-config.js';
import { sortWarnings, warningAt, type ImportWarning } from './import-warning.js';
import { duplicateProgram, groupMemberUnknown, groupWithoutMembers, invalidGroupName } from './import-messages.js';
import type { IniSection } from './supervisord-ini.js';
import { mapProgram, type ProgramKind } from './supervisord-program.js';
import type { SupervisordSource } from './read-supervisord.js';
import { describeOtherSection, readCtlSection, readGroupSection, readUnixServer } from './supervisord-sections.js';
import { readSupervisordSection } from './supervisord-settings.js';

/**
 * A supervisord config (already read, includes merged) as drover's: every
 * section is either mapped or listed as a warning at its line (in reading order).
 */
export function mapSupervisord(source: SupervisordSource, options: { prefork: boolean }): { config: ImportedConfig; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const sections = [...source.sections.values()];
  const settings = readSupervisordSection(source.sections.get('supervisord'));
  warnings.push(...settings.warnings);
  const supervisor: Record<string, unknown> = {};

  const groupSections = sections.filter((section) => section.name.startsWith('group:'));
  const groups = groupSections.map((section) => ({ section, name: section.name.slice('group:'.length).trim(), ...readGroupSection(section) }));
  for (const group of groups) warnings.push(...group.warnings);
  // supervisord's %(group_name)s: the group holding the program, else the program's own name.
  const groupOf = (program: string) => groups.find((group) => group.members.includes(program))?.name ?? program;

  const programs: ImportedProgram[] = [];
  const renamed = new Map<string, string>();
  for (const section of sections) {
    const kind = programKind(section);
    if (kind !== null) {
      const written = section.name.slice(kind.length + 1).trim();
      const mapped = mapProgram(section, kind, { groupName: groupOf(written), globalEnv: settings.globalEnv, inherited: settings.inherited, prefork: options.prefork });
      warnings.push(...mapped.warnings);
      if (mapped.program === null) continue;
      if (programs.some((program) => program.name === mapped.program!.name)) {
        warnings.push(warningAt(section.file, section.line, duplicateProgram(section.name, mapped.program.name)));
        continue;
      }
      programs.push(mapped.program);
      renamed.set(written, mapped.program.name);
    } else if (section.name === 'supervisord' || section.name.startsWith('group:')) {
      // read above
    } else if (section.name.startsWith('unix_http_server')) {
      const server = readUnixServer(section);
      if (server.socket !== undefined) supervisor.socket = server.socket;
      warnings.push(...server.warnings);
    } else if (section.name === 'supervisorctl') {
      warnings.push(...readCtlSection(section));
    } else {
      warnings.push(describeOtherSection(section));
    }
  }

  const groupsOut: Record<string, string[]> = {};
  for (const group of groups) {
    const members: string[] = [];
    const at = group.section.options.get('programs') ?? group.section;
    for (const member of group.members) {
      const name = renamed.get(member);
      if (name === undefined) warnings.push(warningAt(at.file, at.line, groupMemberUnknown(group.section.name, member)));
      else if (!members.includes(name)) members.push(name);
    }
    const name = NAME_PATTERN.test(group.name) ? group.name : group.name.replace(/[^A-Za-z0-9_.-]/g, '_');
    if (name !== group.name) warnings.push(warningAt(group.section.file, group.section.line, invalidGroupName(group.name, name)));
    if (members.length === 0) warnings.push(warningAt(group.section.file, group.section.line, groupWithoutMembers(group.section.name)));
    else groupsOut[name] = members;
  }
  return { config: { supervisor: { ...supervisor, ...settings.supervisor }, programs, groups: groupsOut }, warnings: sortWarnings(warnings, source.files) };
}

function programKind(section: IniSection): ProgramKind | null {
  if (section.name.startsWith('program:')) return 'program';
  if (section.name.startsWith('fcgi-program:')) return 'fcgi-program';
  return null;
}
