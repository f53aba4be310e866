// The edits the analysis benchmark makes to the large PHP file, the same list in process and
// over LSP: a same-length rename inside a name, a line with a new call inserted, and that line
// deleted again (so the file returns to where it was, and the next edit starts from known text).
import type { ContentChange } from '../../server/src/analysis/types';
import { offsetAt } from '../../server/src/analysis/textPositions';

/** Kinds of edit measured, in the order they are made. */
export const EDIT_KINDS = ['rename', 'insert line', 'delete line'] as const;
/** One kind of edit. */
export type EditKind = (typeof EDIT_KINDS)[number];

/** One edit as an LSP content change, with its kind. */
export interface BenchEdit extends ContentChange {
  kind: EditKind;
  range: NonNullable<ContentChange['range']>;
}

const INSERTED = "        $client->doBackground('inserted_job', $payload);\n";

/**
 * `perKind` edits of each kind at lines spread over the file; `offset` (0..1) moves the spread,
 * so a warm-up plan touches other lines than the measured one. The renamed names stay renamed.
 */
export function editPlan(text: string, perKind: number, offset: number): BenchEdit[] {
  const lines = text.split('\n');
  const callLines = lines.map((l, i) => (l.includes("doBackground('resize") ? i : -1)).filter((i) => i >= 0);
  const out: BenchEdit[] = [];
  for (let i = 0; i < perKind; i++) {
    const line = callLines[Math.floor((callLines.length * (i + offset)) / perKind)];
    const col = lines[line].indexOf("('") + 2;
    out.push(
      { kind: 'rename', range: { start: { line, character: col }, end: { line, character: col + 6 } }, text: 'RESIZE' },
      { kind: 'insert line', range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: INSERTED },
      {
        kind: 'delete line',
        range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
        text: '',
      },
    );
  }
  return out;
}

/** `text` with one edit applied. */
export function applyEdit(text: string, e: BenchEdit): string {
  return text.slice(0, offsetAt(text, e.range.start)) + e.text + text.slice(offsetAt(text, e.range.end));
}
