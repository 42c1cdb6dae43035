import type { Config, ProgramConfig } from '../config/index.js';
import { configNotCarriedOver, notCarriedOver } from './carry-over.js';
import type { ExportContext } from './export-context.js';
import { processNumbers, programTemplates, programUser, programMessage } from './program-facts.js';
import { programUnit } from './program-unit.js';
import { listenAt, placeholderListen, resolveHost, type ResolveHost } from './socket-plan.js';
import type { SystemdExport } from './systemd-unit.js';
import { instanceName, processNumFormat } from './unit-templates.js';
import { escapeSpecifiers, type UnitEntry, type UnitFile } from './unit-text.js';

/**
 * `drover export systemd --per-program`: systemd supervises the programs
 * itself. Each program becomes a template `NAME@.service` with one instance
 * per process, each prefork program also a `NAME.socket` that every instance
 * takes its listening sockets from (as drover's workers get them: fd 3, 4, …
 * with LISTEN_FDS), and one target starts them all.
 */

export const TARGET_NAME = 'drover.target';

export async function exportProgramUnits(config: Config, context: ExportContext, resolve: ResolveHost = resolveHost): Promise<SystemdExport> {
  const warnings: string[] = [];
  const instances = new Map(config.programs.map((program) => [program.name, instanceUnits(program, warnings)]));
  const instancesOf = (name: string) => instances.get(name) ?? [];
  const units: UnitFile[] = [];
  for (const program of config.programs) {
    const socket = program.prefork === null ? null : `${program.name}.socket`;
    units.push(programUnit(config, program, context, { target: TARGET_NAME, socket, instancesOf }, warnings));
    if (program.prefork !== null) units.push(await programSocket(config, program, context, instancesOf(program.name)[0]!, resolve, warnings));
    warnings.push(...notCarriedOver(program, 'systemd'));
  }
  units.push(target(config, instancesOf));
  warnings.push(...configNotCarriedOver(config, 'systemd'));
  return { units, warnings };
}

/** `web@0.service`, `web@1.service`, …: drover's process numbers, written as the program's templates write them. */
function instanceUnits(program: ProgramConfig, warnings: string[]): string[] {
  const format = processNumFormat(programTemplates(program, { logs: true }));
  if (format.kind === 'mixed') {
    warnings.push(
      programMessage(
        program,
        '',
        'its templates write %(process_num) in more than one way (or pad it with spaces); instances are named by plain numbers, so %i may differ from what drover wrote',
      ),
    );
  }
  return processNumbers(program).map((num) => `${program.name}@${instanceName(num, format)}.service`);
}

async function programSocket(config: Config, program: ProgramConfig, context: ExportContext, firstInstance: string, resolve: ResolveHost, warnings: string[]): Promise<UnitFile> {
  const listen: UnitEntry[] = [];
  const comments: string[] = [];
  for (const [index, address] of program.prefork!.bind.entries()) {
    const fd = 3 + index;
    if (address.kind === 'fd') {
      listen.push(['ListenStream', placeholderListen(fd)]);
      comments.push(`fd ${fd}: bind[${index}] ${address.text} - REPLACE_ME: write the address it listens on`);
      warnings.push(
        programMessage(
          program,
          `bind[${index}]`,
          `${address.text}: the config does not say which address this is; ${program.name}.socket has ListenStream=${placeholderListen(fd)} for it: write the real address there`,
        ),
      );
      continue;
    }
    listen.push(['ListenStream', escapeSpecifiers(await listenAt(program, index, address, resolve))]);
    comments.push(`fd ${fd}: bind[${index}] ${address.text}`);
  }
  const modes = [...new Set(program.prefork!.bind.flatMap((address) => (address.kind === 'unix' ? [address.mode] : [])))];
  if (modes.length > 0) {
    listen.push(['SocketMode', `0${modes[0]!.toString(8)}`]);
    const user = programUser(program, context);
    if (user !== null) listen.push(['SocketUser', escapeSpecifiers(user)]);
  }
  if (modes.length > 1) warnings.push(programMessage(program, 'bind', `its unix sockets have different modes; a socket unit has one SocketMode=, set to the first`));
  // Traffic while no instance runs starts the first one; the others take the same sockets through Sockets=.
  listen.push(['Service', firstInstance]);
  return {
    name: `${program.name}.socket`,
    comments: [`Listening sockets of drover program "${program.name}" from ${config.file}, passed to every ${program.name}@ instance in this order:`, ...comments],
    sections: [
      {
        name: 'Unit',
        entries: [
          ['Description', escapeSpecifiers(`${program.name} listening sockets (drover program from ${config.file})`)],
          ['PartOf', TARGET_NAME],
        ],
      },
      { name: 'Socket', entries: listen },
    ],
  };
}

function target(config: Config, instancesOf: (program: string) => string[]): UnitFile {
  const started = config.programs.filter((program) => program.autostart);
  const manual = config.programs.filter((program) => !program.autostart);
  const wants = started.flatMap((program) => [...(program.prefork === null ? [] : [`${program.name}.socket`]), ...instancesOf(program.name)]);
  const description: UnitEntry = ['Description', escapeSpecifiers(`drover programs (${config.file})`)];
  return {
    name: TARGET_NAME,
    comments: [
      `The programs of ${config.file}: systemctl enable --now ${TARGET_NAME} starts them, systemctl stop ${TARGET_NAME} stops them all.`,
      ...manual.map((program) => `${program.name} has autostart: false, so the target does not start it: systemctl start ${instancesOf(program.name).join(' ')}`),
    ],
    sections: [
      { name: 'Unit', entries: wants.length > 0 ? [description, ['Wants', wants.join(' ')]] : [description] },
      { name: 'Install', entries: [['WantedBy', 'multi-user.target']] },
    ],
  };
}
