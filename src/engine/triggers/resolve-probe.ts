import { type Config, expandTemplate, type ProbeCheck } from '../../config/runtime.js';
import type { ManagedProcess } from '../managed-process.js';
import { templateVars } from '../process-names.js';
import { buildSpawnRequest } from '../spawn-request.js';

/**
 * A probe's check for one process: %(...)s templates expanded as in its
 * command (so `http://127.0.0.1:80%(process_num)02d/health` names each
 * process's own port), and an exec check runs where and with what the
 * process itself runs: its directory and environment.
 */
export function resolveProbe(config: Config, proc: ManagedProcess, check: ProbeCheck): { check: ProbeCheck; cwd: string; env: NodeJS.ProcessEnv } {
  const vars = templateVars(config, proc.program, proc.num, proc.group);
  const expand = (text: string) => expandTemplate(text, vars);
  const { cwd, env } = buildSpawnRequest(config, proc);
  switch (check.kind) {
    case 'http':
      return { check: { kind: 'http', url: expand(check.url) }, cwd, env };
    case 'tcp':
      return { check: { kind: 'tcp', host: expand(check.host), port: check.port }, cwd, env };
    case 'exec':
      return { check: { kind: 'exec', argv: check.argv.map(expand) }, cwd, env };
    case 'log':
      return { check, cwd, env };
  }
}
