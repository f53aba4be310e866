// Keeps the best `max` rows of a list reply as they stream in, counting the rest, so a reply of
// a million rows costs the memory of `max` rows. A binary heap with the worst kept row on top:
// each row costs O(log max). Rows come back in the order the server sent them.

/** Rows of a list reply: those kept (at most maxRows, in reply order), and how many were not. */
export type Rows<T> = T[] & { readonly omitted: number };

/** An array of rows with its `omitted` count (not enumerable, so JSON and deep equality see a plain array). */
export function rowsOf<T>(rows: T[], omitted: number): Rows<T> {
  return Object.defineProperty(rows, 'omitted', { value: omitted, enumerable: false }) as Rows<T>;
}

interface Entry<T> {
  row: T;
  seq: number;
}

/**
 * Keeps the `max` best rows by `compare` (negative: the first is better); ties go to the row
 * that came first, so the kept set does not depend on how the bytes were split.
 */
export class RowKeeper<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;
  private dropped = 0;

  /** `onDrop` is told every row not kept: the one offered, or the one it pushed out. */
  constructor(
    private readonly max: number,
    private readonly compare: (a: T, b: T) => number,
    private readonly onDrop?: (row: T) => void,
  ) {}

  /** Offers a row; true when it is kept (for now: a better row may still push it out). */
  add(row: T): boolean {
    const e = { row, seq: this.seq++ };
    if (this.max === Infinity) {
      this.heap.push(e); // nothing is ever dropped: no need to order
      return true;
    }
    if (this.heap.length < this.max) {
      this.heap.push(e);
      this.up(this.heap.length - 1);
      return true;
    }
    this.dropped++;
    if (this.heap.length === 0 || !this.worse(this.heap[0], e)) {
      this.onDrop?.(row);
      return false;
    }
    this.onDrop?.(this.heap[0].row);
    this.heap[0] = e;
    this.down(0);
    return true;
  }

  /** The kept rows in reply order, with the count of the others. */
  rows(): Rows<T> {
    const kept = (this.max === Infinity ? this.heap : [...this.heap].sort((a, b) => a.seq - b.seq)).map((e) => e.row);
    return rowsOf(kept, this.dropped);
  }

  /** True when `a` is the worse of the two (nearer the top of the heap, dropped first). */
  private worse(a: Entry<T>, b: Entry<T>): boolean {
    const c = this.compare(a.row, b.row);
    return c > 0 || (c === 0 && a.seq > b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(h[i], h[p])) return;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let w = i;
      if (l < h.length && this.worse(h[l], h[w])) w = l;
      if (r < h.length && this.worse(h[r], h[w])) w = r;
      if (w === i) return;
      [h[i], h[w]] = [h[w], h[i]];
      i = w;
    }
  }
}
