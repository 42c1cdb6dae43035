/** How many runs, programs and seconds each scenario gets, in the quick and the full plan. */

// The budget is the issue's: --quick under 3 minutes, the full run under 20, with three supervisors.
// supervisord needs ~40-80 ms per spawn on this kind of VM (1000 programs ≈ 50 s per run), which is what
// bounds the plan: --quick leaves out the 1000-program start-up (and the view and watch scenarios, which
// have no peer), and the XML-RPC-polled supervisord variants run in neither (they measure supervisord
// with a client waking its loop; the crash scenario keeps its polled variant, which is cheap).
/** @type {typeof FULL_PLAN} */
export const QUICK_PLAN = {
  programs: 100, // start-up, idle and status: half the full plan's 200, so supervisord and PM2 start and stop in time
  startupSizes: [100],
  startupReps: { 100: 1 },
  floorReps: { 100: 0 },
  idleReps: 1,
  idleWindowS: 5,
  singleSpawns: 10,
  crashKills: 3,
  floodReps: 1,
  floodWindowS: 2,
  ctlWarmup: 1,
  ctlReps: 5,
  groupRestartWarmup: 0,
  groupRestartReps: 1,
  gracefulReps: 1,
  asgiRounds: 1,
  asgiReloadReps: 1,
  watchReps: 0,
  watchWindowS: 10,
  viewReps: 0,
  viewWindowS: 10,
  viewSettleS: 5,
  preforkRounds: 1,
  preforkCloseRounds: 0,
  preforkDurationS: 2,
  preforkWarmupS: 1,
  preforkConnections: 50,
  preforkWorkers: 2,
  preforkWrkThreads: 2,
  reloadWorkers: 4,
  reloadReps: 1,
  scaleReps: 0,
  reloadConnections: 20,
  restartUnderLoadKills: 3,
  restartUnderLoadConnections: 20,
};

export const FULL_PLAN = {
  programs: 200,
  startupSizes: [200, 1000],
  startupReps: /** @type {Record<number, number>} */ ({ 200: 5, 1000: 2 }),
  floorReps: /** @type {Record<number, number>} */ ({ 200: 3, 1000: 1 }),
  idleReps: 1,
  idleWindowS: 30, // the idle window
  singleSpawns: 30,
  crashKills: 20,
  floodReps: 2,
  floodWindowS: 10, // the flood window
  ctlWarmup: 3,
  ctlReps: 30,
  groupRestartWarmup: 1,
  groupRestartReps: 6,
  gracefulReps: 3,
  asgiRounds: 5,
  asgiReloadReps: 3,
  watchReps: 1,
  watchWindowS: 20,
  viewReps: 1,
  viewWindowS: 15,
  viewSettleS: 5,
  preforkRounds: 3,
  preforkCloseRounds: 1, // the new-connection shape has no target: one round shows the accept path
  preforkDurationS: 8,
  preforkWarmupS: 2,
  preforkConnections: 50,
  preforkWorkers: 2,
  preforkWrkThreads: 2,
  reloadWorkers: 4,
  reloadReps: 5,
  scaleReps: 3,
  reloadConnections: 20,
  restartUnderLoadKills: 20, // issue 22's count
  restartUnderLoadConnections: 20,
};
