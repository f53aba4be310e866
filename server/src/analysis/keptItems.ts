// Items of an open document's extraction kept across edits (see docSites.ts), in document order.
// An item keeps the place it was found at plus the shift edits have made since. The lists are
// searched by line, so an edit looks only at the items on or near its lines; the items after it
// are moved by adding to two numbers each.
import type { LineRange, TextEdit } from './incremental';
import type { Span } from './model';

/** An item where it was found, and how far edits have moved it since: its place now is the sum. */
export class Kept<T> {
  readonly start: number;
  readonly end: number;
  readonly startLine: number;
  readonly endLine: number;
  dIndex = 0;
  dLine = 0;

  constructor(
    readonly value: T,
    span: Span,
  ) {
    this.start = span.startIndex;
    this.end = span.endIndex;
    this.startLine = span.range.start.line;
    this.endLine = span.range.end.line;
  }
}

/** Document order: by start, the enclosing item first (the order whole-tree passes are merged in). */
function byPlace(a: Kept<unknown>, b: Kept<unknown>): number {
  return a.start + a.dIndex - (b.start + b.dIndex) || b.end + b.dIndex - (a.end + a.dIndex);
}

/** Items in document order, with the longest line span any has had (how far back an item can reach). */
export class KeptList<T extends Kept<unknown>> {
  private maxLines = 0;

  constructor(public items: T[]) {
    // Whole-tree passes come in the query's order; stable, so items at one place keep it.
    items.sort(byPlace);
    for (const k of items) this.maxLines = Math.max(this.maxLines, k.endLine - k.startLine);
  }

  /** Index of the first item starting on `line` or later. */
  private fromLine(line: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const k = this.items[mid];
      if (k.startLine + k.dLine < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Applies one edit: items on its lines (or spanning them) are dropped, the ones after move; true when any moved. */
  edit(e: TextEdit, dropped?: (k: T) => void): boolean {
    const { items } = this;
    const touch = this.fromLine(e.start.line - this.maxLines);
    const after = this.fromLine(e.oldEnd.line + 1);
    let w = touch;
    for (let i = touch; i < after; i++) {
      const k = items[i];
      if (k.endLine + k.dLine < e.start.line) items[w++] = k;
      else dropped?.(k);
    }
    if (w < after) items.splice(w, after - w);
    const dIndex = e.newEndIndex - e.oldEndIndex;
    const dLine = e.newEnd.line - e.oldEnd.line;
    if ((dIndex === 0 && dLine === 0) || w === items.length) return false;
    for (let i = w; i < items.length; i++) {
      const k = items[i];
      k.dIndex += dIndex;
      k.dLine += dLine;
    }
    return true;
  }

  /** Drops the items on `lines` (merged, in order); true when any was dropped. */
  dropOnLines(lines: LineRange[], dropped?: (k: T) => void): boolean {
    const { items } = this;
    const gone = new Set<T>();
    for (const r of lines) {
      const end = this.fromLine(r.endLine + 1);
      for (let i = this.fromLine(r.startLine - this.maxLines); i < end; i++) {
        const k = items[i];
        if (k.endLine + k.dLine >= r.startLine) gone.add(k);
      }
    }
    if (gone.size === 0) return false;
    let w = 0;
    for (const k of items) {
      if (gone.has(k)) dropped?.(k);
      else items[w++] = k;
    }
    items.length = w;
    return true;
  }

  /** Index after the last item at or before the place of `item`. */
  private upperBound(item: T): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byPlace(this.items[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when an item is at the place of `item`. */
  has(item: T): boolean {
    const i = this.upperBound(item);
    return i > 0 && byPlace(this.items[i - 1], item) === 0;
  }

  /** Inserts `item` in document order unless one with the same place and `key` is there; true when inserted. */
  insert(item: T, key: (x: T) => string): boolean {
    const at = this.upperBound(item);
    const k = key(item);
    for (let i = at - 1; i >= 0 && byPlace(this.items[i], item) === 0; i--) if (key(this.items[i]) === k) return false;
    this.items.splice(at, 0, item);
    this.maxLines = Math.max(this.maxLines, item.endLine - item.startLine);
    return true;
  }
}
