/**
 * Reads back what bench/fixtures/numbered-writer.mjs printed: every writer process (by pid and tag) printed
 * the numbers 1..last, last being its side file's figure (or a higher number found in the logs, when
 * the writer was killed between its write and the side file's update). Against that, the log files'
 * lines give what was lost (printed, in no file), repeated (in the files more than once) and torn
 * (a line that is not one whole numbered line).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LINE = /^((\d{8})-[0-9a-f]{4}) (\d{10})$/;

/**
 * @typedef {{ id: string, pid: number, printed: number, logged: number, lost: number, repeated: number }} WriterLines
 * @typedef {{ files: string[], printed: number, logged: number, lost: number, repeated: number, tornLines: number, tornExamples: string[], writers: WriterLines[] }} LineCheck
 */

/**
 * The log file and its rotated copies (FILE, FILE.1, FILE.2, …), oldest last.
 * @param {string} logFile
 */
export function logFilesOf(logFile) {
  const dir = logFile.slice(0, logFile.lastIndexOf('/'));
  const base = logFile.slice(logFile.lastIndexOf('/') + 1);
  const rotated = readdirSync(dir)
    .filter((f) => f.startsWith(`${base}.`) && /^\d+$/.test(f.slice(base.length + 1)))
    .sort((a, b) => Number(a.slice(base.length + 1)) - Number(b.slice(base.length + 1)));
  return [logFile, ...rotated.map((f) => join(dir, f))];
}

/**
 * @param {string[]} files  every log file the writer's output went to
 * @param {string} sideDir  where each writer left <pid>-<tag>.last
 * @returns {LineCheck}
 */
export function checkNumberedLines(files, sideDir) {
  /** @type {Map<string, number[]>} writer id → how many times each number was logged (index = number) */
  const counts = new Map();
  let tornLines = 0;
  /** @type {string[]} */
  const tornExamples = [];
  for (const file of files) {
    const lines = readFileSync(file, 'latin1').split('\n');
    // After the last newline: empty, or a line that never got its end, which is torn too.
    if (lines.at(-1) === '') lines.pop();
    for (const line of lines) {
      const m = LINE.exec(line);
      if (!m) {
        tornLines++;
        if (tornExamples.length < 5) tornExamples.push(`${file}: ${JSON.stringify(line.slice(0, 80))}`);
        continue;
      }
      const id = String(m[1]);
      const seq = Number(m[3]);
      const perSeq = counts.get(id) ?? [];
      counts.set(id, perSeq);
      perSeq[seq] = (perSeq[seq] ?? 0) + 1;
    }
  }
  /** @type {Map<string, number>} */
  const sideLast = new Map();
  for (const f of readdirSync(sideDir)) {
    const m = /^(\d{8}-[0-9a-f]{4})\.last$/.exec(f);
    if (m) sideLast.set(String(m[1]), Number(readFileSync(join(sideDir, f), 'latin1').trim() || 0));
  }
  /** @type {WriterLines[]} */
  const writers = [];
  for (const id of new Set([...sideLast.keys(), ...counts.keys()])) {
    const perSeq = counts.get(id) ?? [];
    const printed = Math.max(sideLast.get(id) ?? 0, perSeq.length - 1);
    let logged = 0;
    let lost = 0;
    let repeated = 0;
    for (let seq = 1; seq <= printed; seq++) {
      const n = perSeq[seq] ?? 0;
      logged += n;
      if (n === 0) lost++;
      else repeated += n - 1;
    }
    writers.push({ id, pid: Number(id.slice(0, 8)), printed, logged, lost, repeated });
  }
  const sum = (/** @type {'printed' | 'logged' | 'lost' | 'repeated'} */ key) => writers.reduce((a, w) => a + w[key], 0);
  return { files, printed: sum('printed'), logged: sum('logged'), lost: sum('lost'), repeated: sum('repeated'), tornLines, tornExamples, writers };
}
