export { runCheck, type IoCheck } from './run-check.js';
export type { CheckOptions, CheckResult } from './check-result.js';
export { INITIAL_PROBE_STATE, stepProbe, type ProbeState, type ProbeStatus, type Thresholds } from './probe-status.js';
export { ProbeRunner, type ProbeMode, type ProbeRunnerOptions, type ProbeStatusDetail } from './probe-runner.js';
export { describeCheck } from './describe-check.js';
