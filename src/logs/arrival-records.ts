/**
 * When each stretch of a ring's bytes arrived: one record per chunk, `{offset,
 * time, seq}`, where `offset` counts the stream's bytes ever written. The
 * records let a ring's backlog be decoded into lines with their arrival time
 * and merged with the other stream's in arrival order, without splitting
 * lines on the hot path.
 *
 * Bounded: a chunk that follows the previous one in the same millisecond with
 * the next sequence number (nothing else of the process arrived between) only
 * extends it, so a flood costs one record per millisecond; records of bytes
 * the ring has overwritten are dropped; and when the table is full the two
 * oldest records merge (their lines share the older time).
 */

const FIELDS = 3;
const INITIAL_RECORDS = 16;
export const MAX_ARRIVAL_RECORDS = 1024;

/** Where a line of the ring ends, and when the chunk holding that end arrived. */
export interface Arrival {
  at: number;
  seq: number;
}

export class ArrivalRecords {
  /** offset, time, seq per record, in a circle starting at `head`. */
  private table: Float64Array | null = null;
  private head = 0;
  private count = 0;
  /** The sequence number of the last chunk (a merged record keeps its first one). */
  private lastSeq = -1;

  constructor(private readonly maxRecords: number = MAX_ARRIVAL_RECORDS) {}

  get size(): number {
    return this.count;
  }

  /** A chunk starting at stream offset `offset` arrived at `at`, number `seq` of its process. */
  add(offset: number, at: number, seq: number): void {
    const consecutive = seq === this.lastSeq + 1 || seq === this.lastSeq;
    this.lastSeq = seq;
    if (this.count > 0 && consecutive && this.field(this.count - 1, 1) === at) return;
    if (this.table === null || this.count === this.table.length / FIELDS) this.makeRoom();
    const slot = ((this.head + this.count) % this.capacity) * FIELDS;
    this.table![slot] = offset;
    this.table![slot + 1] = at;
    this.table![slot + 2] = seq;
    this.count += 1;
  }

  /** Forgets the records of bytes before `offset` (overwritten in the ring), keeping the one that covers it. */
  dropBefore(offset: number): void {
    while (this.count > 1 && this.field(1, 0) <= offset) this.dropHead();
  }

  /**
   * The arrival of each position, for positions given in increasing order:
   * a cursor that walks the records once.
   */
  cursor(): (position: number) => Arrival {
    let index = 0;
    return (position) => {
      while (index + 1 < this.count && this.field(index + 1, 0) <= position) index += 1;
      if (this.count === 0) return { at: 0, seq: 0 };
      return { at: this.field(index, 1), seq: this.field(index, 2) };
    };
  }

  clear(): void {
    this.table = null;
    this.head = 0;
    this.count = 0;
    this.lastSeq = -1;
  }

  private get capacity(): number {
    return this.table === null ? 0 : this.table.length / FIELDS;
  }

  private field(index: number, field: number): number {
    return this.table![((this.head + index) % this.capacity) * FIELDS + field]!;
  }

  /** Grows the table (doubling up to the bound), or merges the two oldest records when it is at the bound. */
  private makeRoom(): void {
    const capacity = this.capacity;
    if (capacity < this.maxRecords) {
      const grown = new Float64Array(Math.min(this.maxRecords, Math.max(INITIAL_RECORDS, capacity * 2)) * FIELDS);
      for (let i = 0; i < this.count; i++) for (let f = 0; f < FIELDS; f++) grown[i * FIELDS + f] = this.field(i, f);
      this.table = grown;
      this.head = 0;
      return;
    }
    // The oldest record takes over the second's bytes: those lines read as arriving at the older time.
    const oldest = [this.field(0, 0), this.field(0, 1), this.field(0, 2)];
    this.dropHead();
    const slot = this.head * FIELDS;
    for (let f = 0; f < FIELDS; f++) this.table![slot + f] = oldest[f]!;
  }

  private dropHead(): void {
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
  }
}
