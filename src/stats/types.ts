/** What src/stats reports: the control API's shapes, which the engine's events carry. */
export type { ProcessUsage, TreeNode } from '../api/supervisor-api.js';
