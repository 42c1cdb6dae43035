/**
 * Counts every byte a supervisor wrote to a rotated log (FILE, FILE.1 …
 * FILE.N), including files already rotated out of existence: with 10 × 50 MB
 * backups, a 10 s flood at 100 MB/s writes twice what is kept. It polls the
 * live file's inode and size; when the inode changes, the previous file's
 * final size is read from whichever backup slot now holds that inode (any
 * newer slots in front of it are files it never saw live, counted too).
 */
import { statSync } from 'node:fs';
import { sleepSync } from './cleanup.mjs';

/**
 * @param {string} path
 * @returns {{ ino: number, size: number } | null}
 */
function statOrNull(path) {
  try {
    const s = statSync(path);
    return { ino: s.ino, size: s.size };
  } catch {
    return null;
  }
}

export class RotatedLogTracker {
  /**
   * @param {string} path
   * @param {number} backups
   */
  constructor(path, backups) {
    this.path = path;
    this.backups = backups;
    /** @type {{ ino: number, size: number } | null} */
    this.current = null;
    this.finalized = 0;
    this.rotations = 0;
    this.approximate = 0; // rotations whose final size had to be guessed from the last poll
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
  }

  start(intervalMs = 20) {
    this.timer = setInterval(() => this.poll(), intervalMs);
    return this;
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Polls now and returns the total bytes written so far. */
  poll() {
    const live = statOrNull(this.path);
    if (live === null) return this.total(); // between a rename and the reopen
    if (this.current !== null && live.ino !== this.current.ino) this.onRotated();
    this.current = live;
    return this.total();
  }

  total() {
    return this.finalized + (this.current ? this.current.size : 0);
  }

  onRotated() {
    const current = this.current;
    if (!current) return;
    for (let attempt = 0; attempt < 5; attempt++) {
      const slots = [];
      for (let k = 1; k <= this.backups; k++) slots.push(statOrNull(`${this.path}.${k}`));
      const at = slots.findIndex((s) => s !== null && s.ino === current.ino);
      if (at >= 0) {
        for (const slot of slots.slice(0, at + 1)) if (slot) this.finalized += slot.size;
        this.rotations += at + 1;
        return;
      }
      sleepSync(1); // a shift of the backups may be under way
    }
    this.finalized += current.size;
    this.rotations += 1;
    this.approximate += 1;
  }
}
