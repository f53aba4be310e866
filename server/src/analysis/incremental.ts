// The bookkeeping of edits an open document's kept sites need (docSites.ts): an edit in the form
// tree-sitter's `Tree.edit` takes, and the lines left to query again as later edits move them.
import type { Binding } from './model';
import type { Position } from './types';

/** One text edit in the form tree-sitter's `Tree.edit` takes, with LSP-style positions. */
export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  start: Position;
  oldEnd: Position;
  newEnd: Position;
}

/** Inclusive range of lines to query again. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

/** Moves earlier dirty line ranges by a later edit, and adds the edit's own lines. */
export function shiftLines(ranges: LineRange[], e: TextEdit): LineRange[] {
  const delta = e.newEnd.line - e.oldEnd.line;
  const out = ranges.map((r) => {
    if (r.endLine < e.start.line) return r;
    if (r.startLine > e.oldEnd.line) return { startLine: r.startLine + delta, endLine: r.endLine + delta };
    return {
      startLine: Math.min(r.startLine, e.start.line),
      endLine: Math.max(e.newEnd.line, r.endLine > e.oldEnd.line ? r.endLine + delta : e.newEnd.line),
    };
  });
  out.push({ startLine: e.start.line, endLine: e.newEnd.line });
  return out;
}

/** Sorted, merged (overlapping or adjacent) line ranges. */
export function mergeLines(ranges: LineRange[]): LineRange[] {
  const sorted = [...ranges].sort((a, b) => a.startLine - b.startLine);
  const out: LineRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.startLine <= last.endLine + 1) last.endLine = Math.max(last.endLine, r.endLine);
    else out.push({ ...r });
  }
  return out;
}

/** True when two binding lists name the same receiver/class pairs (as multisets). */
export function sameBindings(a: Binding[], b: Binding[]): boolean {
  if (a.length !== b.length) return false;
  const names = (l: Binding[]) =>
    l
      .map((x) => `${x.receiver}\u0000${x.className}`)
      .sort()
      .join('\u0001');
  return names(a) === names(b);
}
