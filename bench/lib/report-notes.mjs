/** The notes under the tables: how each figure was measured, then what went wrong in this run. */
import { num } from './report-cells.mjs';
import { asgiNote } from './report-asgi.mjs';
import { gracefulNote } from './report-graceful.mjs';
import { preforkNotes } from './report-prefork.mjs';
import { restartNote } from './report-restart.mjs';
import { TOOL_PEERS } from './report-rows.mjs';
import { summarize } from './stats.mjs';

/**
 * Each idle run's supervisor process and helpers, for the idle note.
 * @param {import('./results-types.mjs').IdleRun[] | undefined} runs
 */
const helpers = (runs) => (runs ?? []).map((x) => `${num(x.mainProcessRssMB, 1)} MB node + ${x.helperProcesses} drover-spawner helper(s)`).join('; ') || 'n/a';

/** @param {import('./results-types.mjs').Results} results */
export function notes(results) {
  const sc = results.scenarios;
  /** @type {string[]} */
  const n = [];
  n.push(
    "Start-up is wall time from spawning the supervisor command (interpreter start-up included) to the arrival of the line that makes the Nth process RUNNING. drover in the foreground (`drover -c FILE`): its \"-> RUNNING\" lines on stdout; `drover --daemon -c FILE` (issue 21's form: the launcher parses the config, starts the detached supervisor and hands it the config): the same lines in the supervisor's log (<logdir>/drover.log), followed with inotify on its folder and read from the last offset (a line is seen well under 1 ms after its write; a 50 ms poll stands behind it), then stopped with `ctl shutdown`; supervisord: its \"success: X entered RUNNING state\" log lines on stdout (-n); PM2: the pid files its daemon writes in the same synchronous step that marks an app online and removes when it exits, followed with inotify by a small client of PM2's own API (lib/pm2-events.cjs) that launches the daemon and starts the ecosystem, as `pm2 start ecosystem.json` does. PM2's event bus would give the same moments, but a subscriber gets every output chunk too, which halved PM2's flood throughput, so it is not used. None is sent anything else while timed. Every program is `sleep 86400` with each tool's shortest start check (startsecs 0; PM2 has none, an app is online once spawned).",
  );
  n.push(
    'supervisord runs a poll() loop with a 1 s timeout and moves STARTING→RUNNING / EXITED→STARTING only when that loop turns; an XML-RPC request (supervisorctl, or the bench polling) wakes the loop. That is why its "XML-RPC poll" rows are faster than its "log lines" rows: the observer speeds it up. The log-line rows are what an unobserved supervisord does.',
  );
  if (sc.startup && !Object.values(sc.startup).some((x) => x.supervisordPolled?.length))
    n.push(
      'No XML-RPC-polled start-up runs for supervisord here: they measure supervisord with a client waking its loop, and at 1,000 programs they cost minutes a run; the crash scenario keeps its polled variant.',
    );
  if (results.osFloor)
    n.push(
      `The OS-floor loops run inside the start-up series (floor, drover, supervisord, floor, …), so they see the same machine state; both supervisors also open pipes and log files per process, which the floor does not. It is the floor for fork+exec from Node (what supervisord's Python fork() also pays, roughly); drover here starts programs via ${results.meta.droverSpawner}, which does not copy Node's page tables and so can come in under it.`,
    );
  if (sc.startup && Object.values(sc.startup).some((x) => x.cSpawnMs?.length))
    n.push(
      "The C floor (bench/floor/spawn-floor.c, built with `cc -O2` at bench time) is what starting programs costs with no runtime around it: posix_spawn of `sleep 86400`, each in its own process group with two fresh pipes for stdout and stderr, as a supervisor's children get; its loop is timed inside the program. Before every start-up round it runs once for that round's size, then a bare `node -e \"\"` (timed from spawn() to exit, in the environment the supervisor gets); the start-up floor is their sum, round by round, since a Node supervisor must boot before it spawns. `spawn-floor 1` repeated is the floor of crash → RUNNING, and N × its median that of a group restart of N; the crash and restart series each measure their own. Beside it, bench/floor/respawn-floor.c is the smallest supervisor there is (blocking waitpid on its one child, posix_spawn of the next, one RUNNING line to the bench): the bench SIGKILLs its child and times the line exactly as it times drover's, so that row is the whole physical path of a crash, the kernel's kill → exit → reap included, which one posix_spawn alone leaves out.",
    );
  if (sc.idle)
    n.push(
      `Idle CPU resolution: 1 clock tick (1/${results.meta.clkTck} s) over ${sc.idle.windowS} s = ${num(100 / results.meta.clkTck / sc.idle.windowS, 3)} % of a core; RSS is VmRSS of the supervisor process plus its helper processes that are not programs (drover foreground: ${helpers(sc.idle.drover)}; drover --daemon, the detached supervisor: ${helpers(sc.idle.droverDaemon)}; supervisord has none), never the programs. The same set of processes is used for the flood CPU figures.`,
    );
  if (sc.crash?.pollStats) {
    const p = sc.crash.pollStats;
    n.push(
      `Crash polling granularity (supervisord, XML-RPC getProcessInfo): 1 ms sleep + a round trip of ${num(p.meanRpcMs, 2)} ms on average (supervisord answers between its own work, e.g. after a fork), i.e. one answer every ~${num(p.meanRpcMs + 1, 1)} ms; ${num(p.meanPolls, 1)} polls per crash on average. Its polled figures are therefore only good to about that granularity.`,
    );
  }
  if (sc.crash)
    n.push(
      'In the crash scenario every supervisor (1 program each) stays up for the whole series and kills alternate drover / supervisord (log lines) / supervisord (polled) / PM2 (its new pid file), 100 ms apart.',
    );
  if (sc.flood) {
    n.push(
      'Flood MB/s counts every byte added to the log (live file, backups, and files already rotated away by the 10-backup cap) during the window; 1 MB = 1e6 bytes. "Lost" compares what yes wrote (/proc/PID/io wchar, after SIGSTOP and a drain) with what reached the log; a partial line at the SIGSTOP is not counted as lost.',
    );
    if (sc.flood.pm2?.length)
      n.push(
        'PM2 has no log rotation of its own (only the pm2-logrotate module, installed from the network into its home): it writes one growing file here, which is less work than rotating.',
      );
    for (const tool of /** @type {import('./types.mjs').ToolName[]} */ (['drover', ...TOOL_PEERS])) {
      for (const [i, r] of (sc.flood[tool] ?? []).entries()) {
        n.push(
          `flood ${tool} run ${i + 1}: ${num(r.mbPerSec, 1)} MB/s, produced ${r.producedBytes} B, logged ${r.loggedBytes} B (missing ${r.missingBytes} B), ${r.rotations} rotations${r.rotationSizesGuessed ? ` (${r.rotationSizesGuessed} sizes estimated)` : ''}, kept ${r.keptFiles} files / ${r.keptLines} lines, bad ${r.badLines}${r.badExamples?.length ? ` e.g. ${r.badExamples[0]}` : ''}`,
        );
      }
    }
  }
  if (sc.ctl) {
    const c = sc.ctl;
    const floor = summarize(c.nodeFloor ?? [])?.median;
    const d = summarize(c.drover ?? [])?.median;
    n.push(
      `ctl status: ${c.programs} programs (\`sleep 86400\`) RUNNING under every supervisor at once; then, interleaved (drover, supervisorctl, pm2 jlist, node floor, drover, …, 100 ms apart), ${c.warmup} warm-up rounds (checked, dropped) and ${c.reps} timed rounds of a fresh client process, each timed from spawn() to its exit (performance.now() in the bench). Clients: \`${c.clients?.drover ?? 'n/a'}\`; \`${c.clients?.supervisord ?? 'n/a'}\`; \`${c.clients?.pm2 ?? 'n/a'}\`; floor \`${c.clients?.nodeFloor ?? 'n/a'}\`. Every answer is checked (exit 0 and exactly ${c.programs} lines containing RUNNING; for pm2, ${c.programs} apps online in its JSON).${Number.isFinite(floor) && Number.isFinite(d) ? ` Of drover's ${num(d, 1)} ms median, ${num(floor, 1)} ms is a bare Node start (the floor row, run like \`drover ctl\` without NODE_EXTRA_CA_CERTS, which the launcher drops for ctl and check); the remaining ${num(/** @type {number} */ (d) - /** @type {number} */ (floor), 1)} ms is the ctl client's own module loading plus the socket round trip and the supervisor's answer.` : ''} supervisorctl is a Python program and pm2 a Node one, so their figures likewise include their interpreter's start-up.`,
    );
  }
  if (sc.groupRestart) {
    const g = sc.groupRestart;
    n.push(
      `Group restart: ${g.programs} \`sleep 86400\` programs in one group (\`groups:\` for drover, \`[group:x]\` for supervisord, a namespace for PM2), every supervisor running at once; interleaved, ${g.warmup} warm-up round(s) and ${g.reps} timed rounds of a fresh client (\`${g.clients?.drover ?? 'n/a'}\`; \`${g.clients?.supervisord ?? 'n/a'}\`; \`${g.clients?.pm2 ?? 'n/a'}\`), each timed from spawn() to its exit, then checked: exit 0 and every process of the group RUNNING again with a new pid.`,
    );
  }
  const gn = gracefulNote(results);
  if (gn) n.push(gn);
  const an = asgiNote(results);
  if (an) n.push(an);
  if (sc.watch) {
    const w = sc.watch;
    n.push(
      `Watch: one program (\`sleep 86400\`) with \`watch: [src]\` on ${w.files} files in 500 folders, against the same program unwatched, run in turn; each run like the idle scenario (4 s after RUNNING, the supervisor's CPU over ${w.windowS} s, then its RSS). The RSS includes the first scan's garbage, which V8 gives back only after about 40 s idle.`,
    );
  }
  if (sc.view) {
    const v = sc.view;
    n.push(
      `View: \`node dist/cli/main.js --daemon -c FILE\` with ${v.programs} processes in two programs, \`stats_interval: ${v.statsIntervalS}s\`: a_front (${v.onScreen} processes: the rows on screen, as the list sorts by name and shows \`all\`, the a_front program row and 16 processes at ${v.cols}×${v.rows}) and z_rest (the others, \`sleep 86400\`). "Nothing changes": a_front runs \`sleep 86400\` too, so only the uptimes move. "Every figure changes": a_front runs a shell loop that burns 3–30 ms of CPU (a different amount each second) then sleeps 1 s, so every on-screen CPU figure and the totals change between stats samples (checked before the window with ${'`ctl status --json`'} snapshots 1 s apart: the last row of the table, at one decimal as the view prints them). Once all are RUNNING, \`node dist/cli/main.js attach --socket S\` runs in a pseudo-terminal of ${v.cols}×${v.rows} (${v.pty}: \`script -qfec "stty rows ${v.rows} cols ${v.cols}; exec node … attach --socket S" /dev/null\`, TERM=${v.term}, colours on; script's stdout is exactly what the view wrote to its terminal, and its stdin is a pipe nothing is written to); ${v.settleS} s after the first process rows show, and after the ${'`ctl status`'} check, the window of ${v.windowS} s: bytes out of the pty (1 KB = 1000 B), utime+stime of the view process (script's child) and of the daemon (its process and its drover-spawner helpers, not the programs), % of one core. A redraw is a burst of output with no gap over 40 ms. Then the view gets SIGTERM and the daemon \`ctl shutdown\`; every process of the run is checked gone.`,
    );
  }
  n.push(...preforkNotes(results));
  const rn = restartNote(results);
  if (rn) n.push(rn);
  const left = results.hygiene;
  if (left)
    n.push(
      `Clean-up: ${left.leftovers} process(es) were still alive after a supervisor's own shutdown (killed by the bench), ${left.forcedStops} supervisor(s) had to be SIGKILLed, ${left.finalSweep} left for the final sweep.`,
    );
  for (const e of results.errors) n.push(`ERROR in ${e.scenario}: ${e.error}`);
  return n;
}
