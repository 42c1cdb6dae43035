/**
 * Finds (or installs, when missing and the bench runs as root) the peers and load generators the
 * chosen sections need, and says why each one that cannot be had is skipped.
 */
import { findOrAptInstall } from './apt.mjs';
import { drover } from './drover.mjs';
import { makePm2Tool } from './pm2.mjs';
import { locateSupervisord, makeSupervisordTool } from './supervisord.mjs';
import { locatePm2 } from './web-servers.mjs';
import { locateWrk } from './wrk.mjs';
import { locateAsgiStack } from '../scenarios/asgi.mjs';

/**
 * @typedef {ReturnType<typeof locatePeers>} Peers
 * @param {(section: string) => boolean} wants
 * @param {import('./types.mjs').Log} log
 */
export function locatePeers(wants, log) {
  // supervisord and PM2 are peers of every supervisor scenario; PM2 (cluster mode) of prefork too. graceful
  // compares drover with supervisord only: PM2 has no `signal` for a program it runs in fork mode.
  const needsPm2 = ['startup', 'idle', 'crash', 'flood', 'ctl', 'restart'].some(wants);
  const needsSupervisord = needsPm2 || wants('graceful');
  const peer = needsSupervisord ? locateSupervisord(log) : { bin: null, reason: 'not needed by the scenarios run (--only)' };
  const supervisord = peer.bin ? makeSupervisordTool(peer.bin) : null;
  if (!supervisord && needsSupervisord) log(`bench: peer skipped: ${peer.reason}`);
  const pm2 = needsPm2 || wants('prefork') ? locatePm2(log) : null;
  if (pm2 && !pm2.bin) log(`bench: pm2 peer skipped: ${pm2.reason}`);
  const pm2Tool = pm2?.bin && needsPm2 ? makePm2Tool(pm2.bin) : null;
  /** Every supervisor of the run, in the order each round runs them. */
  const tools = /** @type {import('./types.mjs').SupervisorTool[]} */ ([drover, supervisord, pm2Tool].filter(Boolean));
  // wrk (C) leaves more of a small machine's cores to the servers than autocannon; autocannon when wrk cannot be had.
  const wrk = wants('prefork') || wants('asgi') ? locateWrk(log) : null;
  if (wrk && !wrk.bin) log(`bench: wrk not available (${wrk.reason}); the prefork scenario uses autocannon`);
  const gunicorn = wants('graceful') ? findOrAptInstall('gunicorn', 'gunicorn', log) : null;
  if (gunicorn && !gunicorn.bin) log(`bench: graceful skipped: ${gunicorn.reason}`);
  const asgiStack = wants('asgi') ? locateAsgiStack(log) : null;
  if (asgiStack?.reason) log(`bench: asgi skipped: ${asgiStack.reason}`);
  return { peer, supervisord, pm2, tools, wrk, gunicorn, asgiStack };
}
