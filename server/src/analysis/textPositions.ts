// Offsets and LSP positions over a plain string (UTF-16 code units, like LSP and web-tree-sitter).
import type { Position } from './types';

/** UTF-16 offset of an LSP position; clamps past line ends and past the end of text. */
export function offsetAt(text: string, pos: Position): number {
  let start = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return Math.min(start + Math.max(0, pos.character), end);
}

/** LSP position of a UTF-16 offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0 || nl >= offset) break;
    line++;
    start = nl + 1;
  }
  return { line, character: offset - start };
}

/** The position reached after inserting `text` at `from`. */
export function advance(from: Position, text: string): Position {
  const lastNl = text.lastIndexOf('\n');
  if (lastNl < 0) return { line: from.line, character: from.character + text.length };
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return { line: from.line + lines, character: text.length - lastNl - 1 };
}

/** A fast offset → position mapper for one text (line starts computed once). */
export function positioner(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  };
}

/**
 * Where each line of an open document starts, kept across edits: an edit's offsets are found
 * without scanning the text up to them (the lines after an edit move by one addition each).
 */
export class LineStarts {
  private starts: number[] = [0];

  constructor(text: string) {
    this.reset(text);
  }

  /** Starts over for a whole new text. */
  reset(text: string): void {
    this.starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** `offsetAt(text, pos)` for the text these lines are of. */
  offsetAt(text: string, pos: Position): number {
    const line = Math.max(0, pos.line);
    if (line >= this.starts.length) return text.length;
    const start = this.starts[line];
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : text.length;
    if (end > start && text[end - 1] === '\r') end--;
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** The text from `start` to `oldEnd` was replaced by `inserted`. */
  edit(start: number, oldEnd: number, inserted: string): void {
    const { starts } = this;
    const first = this.after(start);
    const last = this.after(oldEnd);
    const delta = inserted.length - (oldEnd - start);
    if (delta !== 0) for (let i = last; i < starts.length; i++) starts[i] += delta;
    const added: number[] = [];
    for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) added.push(start + i + 1);
    starts.splice(first, last - first, ...added);
  }

  // Index of the first line starting after `offset`.
  private after(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
