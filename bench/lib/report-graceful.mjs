/** The graceful scenario's rows and note (scenarios/graceful.mjs): failed requests while gunicorn is signalled, reloaded or restarted. */

const pluck = (/** @type {{ failed: number, maxGapMs: number, requests: number }[] | undefined} */ runs, /** @type {'failed' | 'maxGapMs' | 'requests'} */ key) =>
  (runs ?? []).map((run) => run[key]);

/** add: buildRows's row builder. supervisord has no reload, so its `signal HUP` runs are the peer of drover's reload too. */
/**
 * @param {import('./results-types.mjs').GracefulFigures | undefined} g
 * @param {import('./report-cells.mjs').AddRow} add
 */
export function addGracefulRows(g, add) {
  if (!g) return;
  const times = `×${g.commandsAtS?.length ?? 3} under load`;
  const sv = g.supervisord?.signal;
  const d = g.drover ?? {};
  if (sv?.length) {
    add(`gunicorn: signal HUP web ${times}, failed requests`, 'requests', 'lower', pluck(d.signal, 'failed'), pluck(sv, 'failed'), 'supervisorctl signal HUP', 0);
    add(`gunicorn: signal HUP web ${times}, total requests`, 'requests', 'higher', pluck(d.signal, 'requests'), pluck(sv, 'requests'), 'supervisorctl signal HUP', 0);
    add(`gunicorn: signal HUP web ${times}, longest without an answer`, 'ms', 'lower', pluck(d.signal, 'maxGapMs'), pluck(sv, 'maxGapMs'), 'supervisorctl signal HUP', 0);
    add(
      `gunicorn: reload web (reload_signal: HUP) ${times}, failed requests`,
      'requests',
      'lower',
      pluck(d.reload, 'failed'),
      pluck(sv, 'failed'),
      'supervisorctl signal HUP (no reload)',
      0,
    );
    add(
      `gunicorn: reload web (reload_signal: HUP) ${times}, longest without an answer`,
      'ms',
      'lower',
      pluck(d.reload, 'maxGapMs'),
      pluck(sv, 'maxGapMs'),
      'supervisorctl signal HUP (no reload)',
      0,
    );
  }
  // The contrast: the same program restarted, against drover's own reload of it.
  if (d.restart?.length) {
    add(
      `gunicorn: restart web (full restart) ${times}, failed requests`,
      'requests',
      'lower',
      pluck(d.restart, 'failed'),
      pluck(d.reload, 'failed'),
      'drover reload web (reload_signal: HUP)',
      0,
      'median',
      'reload',
    );
    add(
      `gunicorn: restart web (full restart) ${times}, longest without an answer`,
      'ms',
      'lower',
      pluck(d.restart, 'maxGapMs'),
      pluck(d.reload, 'maxGapMs'),
      'drover reload web (reload_signal: HUP)',
      0,
      'median',
      'reload',
    );
  }
}

/** @param {import('./results-types.mjs').Results} results */
export function gracefulNote(results) {
  const g = results.scenarios.graceful;
  if (!g) return null;
  const codes = (/** @type {{ errorCodes?: Record<string, number> }[] | undefined} */ runs) => {
    /** @type {Record<string, number>} */
    const all = {};
    for (const run of runs ?? []) for (const [k, n] of Object.entries(run.errorCodes ?? {})) all[k] = (all[k] ?? 0) + n;
    return (
      Object.entries(all)
        .map(([k, n]) => `${k}×${n}`)
        .join(', ') || 'none'
    );
  };
  const cmd = (/** @type {string} */ key) => `\`${g.commands?.[key] ?? 'n/a'}\``;
  return (
    `Graceful: a real gunicorn (${g.gunicorn ?? 'version n/a'}; ${cmd('drover')}, ${g.workers} sync workers, a WSGI hello world) as program \`web\` under drover (with \`reload_signal: HUP\`) and under supervisord, both running at once on their own free ports. ` +
    `Each run loads one of them from the bench process with ${g.clients} clients, one GET per connection (no keep-alive), for ${g.windowS} s, and runs a fresh client at ${g.commandsAtS.join(', ')} s: ${cmd('drover signal')}; ${cmd('supervisord signal')}; ${cmd('drover reload')}; ${cmd('drover restart')}. ` +
    `A request fails when it gets no answer (within 5 s) or not a 200; the clients retry at once, so while the port is closed each fails hundreds of times a second: "longest without an answer" (the longest stretch with no 200, in ms) says how long the server was away whatever the retry rate. ${g.reps} interleaved round(s), median per run; every run checked (each client exits 0, gunicorn's master keeps its pid through a signal or reload and gets a new one on a restart). supervisord has no reload, so its \`signal HUP\` runs are also the peer of drover's reload. ` +
    `Failures by kind, all runs: drover signal ${codes(g.drover?.signal)}; supervisord signal ${codes(g.supervisord?.signal)}; drover reload ${codes(g.drover?.reload)}; drover restart ${codes(g.drover?.restart)}.`
  );
}
