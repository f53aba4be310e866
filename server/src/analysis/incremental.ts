// Keeps an open document's Extraction current across edits without re-running the query over the
// whole tree: items an edit touches are dropped, items after it are shifted, and only the lines
// that changed (edited text plus tree-sitter's changed ranges) are queried again.
import type { Binding, CallShape, ConstDef, ConstRef, DirectRef, Extraction, Span, StringValue } from './model';
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

function shiftPos(p: Position, e: TextEdit): Position {
  if (p.line > e.oldEnd.line) return { line: p.line + e.newEnd.line - e.oldEnd.line, character: p.character };
  return { line: e.newEnd.line, character: e.newEnd.character + p.character - e.oldEnd.character };
}

function shiftValue<T extends StringValue | Span | ConstRef>(v: T, e: TextEdit): T {
  const d = e.newEndIndex - e.oldEndIndex;
  return { ...v, startIndex: v.startIndex + d, endIndex: v.endIndex + d, range: { start: shiftPos(v.range.start, e), end: shiftPos(v.range.end, e) } };
}

/** 'before' the edit (unchanged), 'after' it (shift), or touching it (drop). Touching counts: `f('x')|;` may change the call. */
function place(span: Span, e: TextEdit): 'before' | 'after' | 'touch' {
  if (span.endIndex < e.startIndex) return 'before';
  if (span.startIndex > e.oldEndIndex) return 'after';
  return 'touch';
}

function shiftShape(s: CallShape, e: TextEdit): CallShape {
  return {
    ...s,
    span: shiftValue(s.span!, e),
    methodName: shiftValue(s.methodName, e),
    args: s.args.map((a) => (a.str ? { ...a, str: shiftValue(a.str, e) } : a.ref ? { ...a, ref: shiftValue(a.ref, e) } : a)),
  };
}

function shiftConst(c: ConstDef, e: TextEdit): ConstDef {
  return {
    ...c,
    span: shiftValue(c.span!, e),
    value: c.value && shiftValue(c.value, e),
    ...(c.alias ? { alias: shiftValue(c.alias, e) } : {}),
  };
}

/** Applies one edit to a cached extraction; bindings it drops are added to `dropped`. */
export function shiftExtraction(ex: Extraction, e: TextEdit, dropped: Binding[]): Extraction {
  const shapes: CallShape[] = [];
  for (const s of ex.shapes) {
    const p = place(s.span!, e);
    if (p === 'before') shapes.push(s);
    else if (p === 'after') shapes.push(shiftShape(s, e));
  }
  const direct: DirectRef[] = [];
  for (const d of ex.direct) {
    const p = place(d.span!, e);
    if (p === 'before') direct.push(d);
    else if (p === 'after') direct.push({ ...d, span: shiftValue(d.span!, e), str: shiftValue(d.str, e) });
  }
  const bindings: Binding[] = [];
  for (const b of ex.bindings) {
    const p = place(b.span!, e);
    if (p === 'before') bindings.push(b);
    else if (p === 'after') bindings.push({ ...b, span: shiftValue(b.span!, e) });
    else dropped.push(b);
  }
  // A constant the edit touches is dropped and read again from the edited lines; uses anywhere
  // are resolved against the whole list each time, so they follow its value.
  const constants: ConstDef[] = [];
  for (const c of ex.constants) {
    const p = place(c.span!, e);
    if (p === 'before') constants.push(c);
    else if (p === 'after') constants.push(shiftConst(c, e));
  }
  return { shapes, direct, bindings, constants };
}

/** Moves earlier dirty line ranges by a later edit, and adds the edit's own lines. */
export function shiftLines(ranges: LineRange[], e: TextEdit): LineRange[] {
  const delta = e.newEnd.line - e.oldEnd.line;
  const out = ranges.map((r) => {
    if (r.endLine < e.start.line) return r;
    if (r.startLine > e.oldEnd.line) return { startLine: r.startLine + delta, endLine: r.endLine + delta };
    return { startLine: Math.min(r.startLine, e.start.line), endLine: Math.max(e.newEnd.line, r.endLine > e.oldEnd.line ? r.endLine + delta : e.newEnd.line) };
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

function inLines(span: Span, ranges: LineRange[]): boolean {
  return ranges.some((r) => span.range.start.line <= r.endLine && span.range.end.line >= r.startLine);
}

/** Drops the items on `lines` (they are queried again); their bindings go to `dropped`. */
export function dropLines(ex: Extraction, lines: LineRange[], dropped: Binding[]): Extraction {
  const bindings = ex.bindings.filter((b) => {
    const hit = inLines(b.span!, lines);
    if (hit) dropped.push(b);
    return !hit;
  });
  return {
    shapes: ex.shapes.filter((s) => !inLines(s.span!, lines)),
    direct: ex.direct.filter((d) => !inLines(d.span!, lines)),
    bindings,
    constants: ex.constants.filter((c) => !inLines(c.span!, lines)),
  };
}

const key = (s: Span | undefined) => `${s?.startIndex}:${s?.endIndex}`;

/** Kept items plus the re-queried ones (a match found from two ranges, or kept already, counts once), in document order. */
export function mergeExtractions(kept: Extraction, found: Extraction): Extraction {
  const merge = <T extends { span?: Span }>(a: T[], b: T[], id: (x: T) => string) => {
    const seen = new Set(a.map(id));
    const out = [...a];
    for (const x of b) if (!seen.has(id(x))) { seen.add(id(x)); out.push(x); }
    return out.sort((x, y) => x.span!.startIndex - y.span!.startIndex || y.span!.endIndex - x.span!.endIndex);
  };
  return {
    shapes: merge(kept.shapes, found.shapes, (s) => `${key(s.span)}:${s.method}`),
    direct: merge(kept.direct, found.direct, (d) => `${key(d.span)}:${d.str.startIndex}:${d.role}`),
    bindings: merge(kept.bindings, found.bindings, (b) => `${key(b.span)}:${b.receiver}`),
    constants: merge(kept.constants, found.constants, (c) => `${key(c.span)}:${c.name}`),
  };
}

/** True when two binding lists name the same receiver/class pairs (as multisets). */
export function sameBindings(a: Binding[], b: Binding[]): boolean {
  if (a.length !== b.length) return false;
  const names = (l: Binding[]) => l.map((x) => `${x.receiver}\u0000${x.className}`).sort().join('\u0001');
  return names(a) === names(b);
}
