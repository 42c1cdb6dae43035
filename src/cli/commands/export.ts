import { loadConfig } from '../../config/index.js';
import { currentExportContext } from '../../export/export-context.js';
import { ExportError } from '../../export/export-error.js';
import { exportConfig, parseExportRequest, type ExportOptions } from '../../export/export-config.js';
import { reportConfigErrors, reportConfigWarnings } from './check.js';

/**
 * `drover export KIND`: the config as systemd units, a compose file or
 * Kubernetes manifests on stdout; on stderr, what did not carry over and what
 * must be filled in. Exit 0, 1 for an invalid config, 2 for a kind or option
 * that does not fit.
 */
export async function runExport(kind: string, configPath: string, options: ExportOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const parsed = parseExportRequest(kind, options);
  if (!parsed.ok) {
    err.write(`drover: ${parsed.message}\n`);
    return 2;
  }
  const loaded = await loadConfig(configPath);
  if (!loaded.ok) {
    reportConfigErrors(loaded.errors, configPath, err);
    return 1;
  }
  reportConfigWarnings(loaded.warnings, err);
  try {
    const output = await exportConfig(parsed.request, loaded.config, currentExportContext());
    out.write(output.text);
    for (const warning of output.warnings) err.write(`warning: ${warning}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    err.write(`drover: ${error.message}\n`);
    return error.kind === 'usage' ? 2 : 1;
  }
}
