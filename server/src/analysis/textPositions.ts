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
