import type { Config } from '../config/index.js';
import { exportCompose } from './compose.js';
import type { ExportContext } from './export-context.js';
import { exportKubernetes } from './kubernetes.js';
import type { ResolveHost } from './socket-plan.js';
import { exportProgramUnits } from './systemd-programs.js';
import { exportDroverUnits } from './systemd-unit.js';
import { joinUnitFiles } from './unit-text.js';

/** `drover export KIND`: which files, from which options. */

export const EXPORT_KINDS = ['systemd', 'compose', 'kubernetes'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportOptions {
  perProgram: boolean;
  socketActivation: boolean;
}

export type ExportRequest = { kind: 'systemd'; perProgram: boolean; socketActivation: boolean } | { kind: 'compose' } | { kind: 'kubernetes' };

/** The request, or why the kind or an option does not fit (a usage error). */
export function parseExportRequest(kind: string, options: ExportOptions): { ok: true; request: ExportRequest } | { ok: false; message: string } {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
    return { ok: false, message: `unknown export kind "${kind}": expected ${EXPORT_KINDS.join(', ')}` };
  }
  const given = [options.perProgram && '--per-program', options.socketActivation && '--socket-activation'].filter((flag): flag is string => flag !== false);
  if (kind !== 'systemd') {
    if (given.length > 0) return { ok: false, message: `${given.join(' and ')} ${given.length === 1 ? 'applies' : 'apply'} only to drover export systemd, not ${kind}` };
    return { ok: true, request: { kind: kind as 'compose' | 'kubernetes' } };
  }
  if (options.perProgram && options.socketActivation) {
    return { ok: false, message: '--socket-activation is for the unit that runs drover; with --per-program every prefork program gets its own .socket unit already' };
  }
  return { ok: true, request: { kind: 'systemd', ...options } };
}

export interface ExportOutput {
  /** What goes to stdout. */
  text: string;
  /** What does not carry over, what to replace, what to change in the config: for stderr. */
  warnings: string[];
}

export async function exportConfig(request: ExportRequest, config: Config, context: ExportContext, resolve?: ResolveHost): Promise<ExportOutput> {
  switch (request.kind) {
    case 'systemd': {
      const exported = request.perProgram
        ? await exportProgramUnits(config, context, resolve)
        : await exportDroverUnits(config, context, { socketActivation: request.socketActivation, resolve });
      return { text: joinUnitFiles(exported.units), warnings: unique(exported.warnings) };
    }
    case 'compose': {
      const exported = exportCompose(config, context);
      return { text: exported.text, warnings: unique(exported.warnings) };
    }
    case 'kubernetes': {
      const exported = exportKubernetes(config, context);
      return { text: exported.text, warnings: unique(exported.warnings) };
    }
  }
}

/** Split programs (one service per process) repeat their program's warnings. */
function unique(warnings: string[]): string[] {
  return [...new Set(warnings)];
}
