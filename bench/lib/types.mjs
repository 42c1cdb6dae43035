/**
 * The shapes the bench's modules pass between them, for the type check (tsconfig.bench.json). No code:
 * modules take these with a JSDoc `@import`.
 *
 * @typedef {(msg: string) => void} Log  Progress on stderr.
 * @typedef {{ n: number, median: number, min: number, max: number, p90: number, mean: number }} Summary
 *
 * @typedef {object} Located  A tool found on PATH (or installed by this run), or why not.
 * @property {string | null} bin
 * @property {string} [reason]
 * @property {string} [version]
 * @property {boolean} [installed]
 *
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, error?: Error }} ExitInfo
 * @typedef {object} StopResult  How a supervisor stopped, and what it left behind.
 * @property {number} stopMs
 * @property {boolean} forced
 * @property {number} leftovers  marked processes still alive after the supervisor exited
 * @property {boolean} [discarded]  killed rather than stopped (SupervisorInstance.finish)
 * @property {number} [killed]
 * @property {ExitInfo | null} exit
 *
 * @typedef {object} ParsedState  A state change read from one line of a supervisor's output.
 * @property {string} name
 * @property {string} state
 * @property {number} [pid]
 * @property {string} [from]
 * @property {number} [ts]  the supervisor's own timestamp, ms since the epoch
 * @typedef {Omit<ParsedState, 'pid'> & { pid: number | null, at: number }} StateEvent  arrival time `at` is performance.now()
 *
 * @typedef {object} ProgramSpec  One program, written into each supervisor's own config format.
 * @property {string} name
 * @property {string} [command]
 * @property {string} [logfile]
 * @property {number | string} [maxbytes]
 * @property {number} [backups]
 * @property {string[]} [watch]
 * @property {string} [reloadSignal]
 * @property {string} [group]
 * @property {Record<string, unknown>} [prefork]
 *
 * @typedef {{ ms: number, code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }} ClientRun
 *   a client process timed from spawn() to its exit
 * @typedef {object} ClientCommand  A fresh client process to time.
 * @property {string} command
 * @property {string[]} args
 * @property {NodeJS.ProcessEnv} [env]  on top of the bench's environment
 * @property {(stdout: string) => number} [countRunning]  how many processes its answer shows running
 * @typedef {import('./instance.mjs').SupervisorInstance} SupervisorInstance
 * @typedef {'drover' | 'supervisord' | 'pm2'} ToolName
 * @typedef {object} SupervisorTool  drover, supervisord or PM2, behind one face.
 * @property {ToolName} name
 * @property {(dir: string, programs: ProgramSpec[]) => SupervisorInstance} start
 * @property {(inst: SupervisorInstance) => ClientCommand} statusCommand
 * @property {(inst: SupervisorInstance, group: string) => ClientCommand} restartCommand
 * @property {(inst: SupervisorInstance, args: string[]) => ClientCommand} [ctlCommand]
 * @property {string} [events]  PM2: where the bench's helper reads state changes from
 * @property {Record<string, string>} [notes]  per scenario, a note for the report
 *
 * @typedef {{ p50: number, p90?: number, p99: number, max: number }} LatencyMs
 * @typedef {object} LoadSummary  What a load generator saw (lib/load.mjs, lib/wrk.mjs).
 * @property {number} reqPerSec
 * @property {number} totalRequests
 * @property {number} errors
 * @property {number} timeouts
 * @property {number} non2xx
 * @property {Record<string, number>} errorCodes
 * @property {LatencyMs} latencyMs
 * @property {number} loadgenCpuPercent
 */
/**
 * Samples per supervisor, keyed by its name.
 * @template T
 * @typedef {{ [tool in ToolName]?: T[] }} PerTool
 */
/**
 * What every scenario runner takes besides its own options.
 * @typedef {object} RunnerOptions
 * @property {(label: string) => string} dirFor  a fresh run folder
 * @property {Log} [log]
 */
export {};
