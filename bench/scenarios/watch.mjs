/**
 * Watching: drover idle with one program that watches 5,000 files in 500
 * folders (`watch:` on their parent folder), against the same drover with
 * the same program unwatched, run in turn (A B A B …). Both are measured like
 * the idle scenario: the supervisor's CPU over the window and its RSS.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { idle } from './idle.mjs';

export const WATCHED_FILES = 5000;
const FOLDERS = 500;

/**
 * Creates the tree once per run; returns its root.
 * @param {string} dir
 */
export function watchedTree(dir) {
  const root = join(dir, 'src');
  for (let d = 0; d < FOLDERS; d++) {
    const folder = join(root, `pkg${String(d).padStart(3, '0')}`);
    mkdirSync(folder, { recursive: true });
    for (let f = 0; f < WATCHED_FILES / FOLDERS; f++) writeFileSync(join(folder, `mod${f}.py`), `# ${d}/${f}\n`);
  }
  return root;
}

/**
 * One measurement: `watching` true runs the program with `watch: [tree]`.
 * @param {typeof import('../lib/drover.mjs').drover} drover
 * @param {string} dir
 * @param {string} tree
 * @param {boolean} watching
 * @param {number} windowMs
 */
export async function watchIdle(drover, dir, tree, watching, windowMs) {
  const program = { name: 'app', command: 'sleep 86400', ...(watching ? { watch: [tree] } : {}) };
  // Settle longer than idle's default: the watcher's first scan of the tree happens at start.
  const result = await idle(drover, dir, 1, windowMs, 4000, [program]);
  return { ...result, watching, files: watching ? WATCHED_FILES : 0 };
}

/**
 * @param {string} root
 */
export function removeTree(root) {
  rmSync(root, { recursive: true, force: true });
}
