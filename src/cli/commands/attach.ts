import { ApiError } from '../../api/api-error.js';
import { SocketApi } from '../../client/socket-client.js';
import { findSocketPath, SocketPathError } from '../../client/socket-path.js';
import { runView } from '../../tui/run-view.js';
import { formatApiError } from '../ctl/index.js';

/**
 * `drover attach`: the view over the control socket, for a supervisor
 * started with `--daemon` or one whose embedded view was closed. Quitting the
 * view leaves the supervisor running unless the user chose to stop it.
 */
export async function runAttach(options: { socket: string | null; config: string | null }, configPath: string): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('drover: attach needs a terminal (stdin and stdout are not one); use `drover ctl status` in scripts\n');
    return 2;
  }
  let location;
  try {
    location = await findSocketPath(options);
  } catch (error) {
    if (!(error instanceof SocketPathError)) throw error;
    process.stderr.write(`drover: ${error.message}\n`);
    return 2;
  }
  const api = new SocketApi(location.path);
  try {
    await api.info();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    process.stderr.write(formatApiError(error, location));
    return 4;
  }
  // Ctrl-C is a key inside the view; a TERM or a closed terminal just ends this client.
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(0));
  const exit = await runView({ api, mode: 'attached', configFile: configPath, color: !process.env.NO_COLOR });
  if (exit.reason === 'supervisor-gone') {
    process.stderr.write(`drover: the supervisor at ${location.path} went away: ${exit.error.message}\n`);
    return 1;
  }
  if (exit.reason === 'stop-all') {
    process.stdout.write('drover: stopping every program and the supervisor…\n');
    try {
      const results = await api.shutdown();
      process.stdout.write(`drover: ${results.length} process(es) stopped; the supervisor is exiting\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      process.stderr.write(formatApiError(error, location));
      return 1;
    }
  }
  process.stdout.write(`drover: detached; the supervisor keeps running (drover attach brings the view back)\n`);
  return 0;
}

/** True when a supervisor answers at the socket these options lead to (`drover` then attaches instead of starting). */
export async function supervisorAnswers(options: { socket: string | null; config: string | null }): Promise<boolean> {
  try {
    await new SocketApi((await findSocketPath(options)).path).info();
    return true;
  } catch {
    return false;
  }
}
