/** CPU and memory of supervised process trees, read from /proc. */
export { listPids, scanProcesses, parseProcStat, type ProcEntry, type ProcessScan } from './proc-scan.js';
export { treeNodes, treeNodesIn, treeOf } from './process-tree.js';
export { hasChildrenFiles, heldTreeScanner, pickScanner, scannerFor, scanTrees, type ProcFileReader, type TreeScanner } from './tree-scan.js';
export { HeldProcFiles, openFileLimit } from './held-proc-files.js';
export { StatsSampler, type SampleListener, type StatsSamplerOptions, type TreeSnapshot } from './stats-sampler.js';
export { measureTotals, measureTree, ticksSince, type StatsRoot, type TreeTotals } from './tree-usage.js';
export { clockTicksPerSecond, pageSize } from './system-constants.js';
