/**
 * The shape of a run's results (results.json): what the sections record and the report modules read.
 * No code: modules take these with a JSDoc type import. Each scenario's figures are its runner's answer.
 *
 */
/**
 * @typedef {Awaited<ReturnType<typeof import('../scenarios/idle.mjs').idle>>} IdleRun
 * @typedef {Awaited<ReturnType<typeof import('../scenarios/flood.mjs').flood>>} FloodRun
 * @typedef {Awaited<ReturnType<typeof import('../scenarios/crash.mjs').crashOnceByPolling>>} PolledCrash
 * @typedef {Awaited<ReturnType<typeof import('../scenarios/watch.mjs').watchIdle>>} WatchRun
 * @typedef {Awaited<ReturnType<typeof import('../scenarios/view.mjs').viewRun>>} ViewRun
 * @typedef {Omit<Awaited<ReturnType<typeof import('../scenarios/ctl-status.mjs').ctlStatus>>, 'stops'>} CtlFigures
 * @typedef {Omit<Awaited<ReturnType<typeof import('../scenarios/group-restart.mjs').groupRestart>>, 'stops'> & { singleCSpawnMs?: number[], cRestartMs?: number[], bareNodeMs?: number[] }} GroupRestartFigures
 *   singleCSpawnMs: `spawn-floor 1` repeated before the rounds, ms
 * @typedef {Omit<Awaited<ReturnType<typeof import('../scenarios/graceful.mjs').graceful>>, 'stops'>} GracefulFigures
 * @typedef {Omit<Awaited<ReturnType<typeof import('../scenarios/asgi.mjs').asgi>>, 'stops'>} AsgiFigures
 * @typedef {Omit<Awaited<ReturnType<typeof import('../scenarios/prefork-throughput.mjs').preforkThroughput>>, 'stops'>} PreforkThroughput
 * @typedef {Omit<Awaited<ReturnType<typeof import('../scenarios/prefork-reload.mjs').preforkReload>>, 'stop'>} PreforkReload
 * @typedef {Omit<NonNullable<Awaited<ReturnType<typeof import('../scenarios/prefork-reload.mjs').pm2Reload>>>, 'stop'>} Pm2Reload
 * @typedef {Omit<Awaited<ReturnType<typeof import('../scenarios/supervisor-restart.mjs').supervisorRestartUnderLoad>>, 'stops'>} SupervisorRestartFigures
 */
/**
 * @typedef {import('./types.mjs').PerTool<number> & { stopMs: import('./types.mjs').PerTool<number>, supervisordPolled?: number[], cSpawnMs?: number[], bareNodeMs?: number[],
 *   droverDaemon?: number[], droverDaemonLaunchMs?: number[], droverDaemonStopMs?: number[] }} StartupSeries
 *   ms to all RUNNING, per size (`drover`: in the foreground); cSpawnMs and bareNodeMs: the floor measured before each round (`spawn-floor N`, `node -e ""`);
 *   droverDaemon: `drover --daemon`, with when its launcher exited and how long `ctl shutdown` took (absent from results older than this series)
 * @typedef {{ programs: number, windowS: number, droverDaemon?: IdleRun[] } & import('./types.mjs').PerTool<IdleRun>} IdleFigures
 *   droverDaemon: the detached supervisor of `drover --daemon` and its helpers (absent from older results)
 * @typedef {{ kills: number, singleSpawnMs?: number[], singleCSpawnMs?: number[], cRespawnMs?: number[], supervisordPolled: PolledCrash[], pollStats?: { meanPolls: number, meanRpcMs: number } } & import('./types.mjs').PerTool<number>} CrashFigures
 * @typedef {{ windowS: number } & import('./types.mjs').PerTool<FloodRun>} FloodFigures
 * @typedef {{ files: number, windowS: number, watching: WatchRun[], unwatched: WatchRun[] }} WatchFigures
 * @typedef {{ programs: number, onScreen: number, rows: number, cols: number, statsIntervalS: number, windowS: number, settleS: number, term: string, pty: string,
 *   steady: ViewRun[], changing: ViewRun[] }} ViewFigures
 * @typedef {{ throughput?: PreforkThroughput, throughputClose?: PreforkThroughput, reload?: PreforkReload, pm2Reload?: Pm2Reload }} PreforkFigures
 *
 * @typedef {object} Scenarios
 * @property {Record<string, StartupSeries>} [startup]
 * @property {IdleFigures} [idle]
 * @property {CrashFigures} [crash]
 * @property {FloodFigures} [flood]
 * @property {CtlFigures} [ctl]
 * @property {GroupRestartFigures} [groupRestart]
 * @property {GracefulFigures} [graceful]
 * @property {AsgiFigures} [asgi]
 * @property {WatchFigures} [watch]
 * @property {ViewFigures} [view]
 * @property {PreforkFigures} [prefork]
 * @property {SupervisorRestartFigures} [restartUnderLoad]  issue 22: the supervisor SIGKILLed and started again under load
 * @property {SupervisorRestartFigures} [reexecUnderLoad]  issue 22: the supervisor re-executed by `drover ctl reexec` under load
 *
 * @typedef {{ scenarios: string[], date: string | null, mode: string | null, command: string | null, gitCommit: string | null, supervisord: string | null, pm2: string | null }} CarriedOver
 *   scenarios not run here, with the run that measured them
 * @typedef {ReturnType<typeof import('./run-meta.mjs').describeRun> & { carriedOver?: CarriedOver }} RunMeta
 *
 * @typedef {object} Results
 * @property {RunMeta} meta
 * @property {typeof import('./plan.mjs').FULL_PLAN} plan
 * @property {Scenarios} scenarios
 * @property {{ leftovers: number, forcedStops: number, finalSweep: number }} hygiene
 * @property {{ scenario: string, error: string }[]} errors
 * @property {Record<string, number[]>} [osFloor]  a Node loop of N spawns, ms, per N
 */
export {};
