// "Compare with the previous run": a line diff of two results of the same function, computed in
// the extension host with the `diff` package (Myers' algorithm), JSON pretty-printed first so a
// changed value is one changed line. Long unchanged stretches are folded to their edges; every
// line goes through inertHtml. Bounded in size (MAX_DIFF_BYTES) and in edits (MAX_EDIT_LINES:
// Myers' cost grows with size × edits, and two unlike 180 KB results took 34 s, blocking the
// extension host). Pure, so it is unit-tested.
import { diffLines } from 'diff';
import { detectJson } from './jsonTree';
import { inertHtml } from './resultText';

/** Largest result (in bytes) compared in the panel. */
export const MAX_DIFF_BYTES = 256 * 1024;
/** Most changed lines a diff is computed for; results further apart are said to differ too much. */
export const MAX_EDIT_LINES = 1000;
/** Unchanged lines kept on each side of a change; the rest of an unchanged stretch is folded. */
export const CONTEXT_LINES = 3;

/** One line of a diff: added, removed, unchanged, or a fold of `text` unchanged lines. */
export interface DiffLine {
  op: '+' | '-' | ' ' | '…';
  text: string;
}

/** The text a result is compared as: pretty-printed when it is JSON. */
export function comparable(text: string): string {
  const json = detectJson(text);
  return json ? JSON.stringify(json.value, null, 2) : text;
}

const linesOf = (s: string) => {
  const l = s.split('\n');
  if (l.length > 1 && l[l.length - 1] === '') l.pop();
  return l;
};

/** The lines of a diff from `before` to `after` (unchanged stretches longer than twice CONTEXT_LINES folded), or undefined past `maxEdits` changed lines. */
export function diffResultLines(
  before: string,
  after: string,
  context = CONTEXT_LINES,
  maxEdits = MAX_EDIT_LINES,
): DiffLine[] | undefined {
  const out: DiffLine[] = [];
  const parts = diffLines(comparable(before), comparable(after), { maxEditLength: maxEdits });
  if (!parts) return undefined;
  parts.forEach((p, i) => {
    const lines = linesOf(p.value);
    if (p.added || p.removed) {
      for (const text of lines) out.push({ op: p.added ? '+' : '-', text });
      return;
    }
    const head = i === 0 ? 0 : context;
    const tail = i === parts.length - 1 ? 0 : context;
    if (lines.length <= head + tail + 1) {
      for (const text of lines) out.push({ op: ' ', text });
      return;
    }
    for (const text of lines.slice(0, head)) out.push({ op: ' ', text });
    out.push({ op: '…', text: String(lines.length - head - tail) });
    for (const text of lines.slice(lines.length - tail)) out.push({ op: ' ', text });
  });
  return out;
}

/** The section comparing two results (UTF-8 bytes), saying when they are equal or too large to compare. */
export function diffSection(before: Buffer, after: Buffer, beforeLabel: string): string {
  const head = `<h2>Compared with the previous run <span class="dim">${inertHtml(beforeLabel)}</span></h2>`;
  if (before.length > MAX_DIFF_BYTES || after.length > MAX_DIFF_BYTES) {
    return `<section id="diff">${head}<p class="note" id="diff-note">A result is over ${MAX_DIFF_BYTES / 1024} KiB, too large to compare here: open both as documents and compare them there.</p></section>`;
  }
  if (before.equals(after))
    return `<section id="diff">${head}<p class="note" id="diff-note">Same result as the previous run.</p></section>`;
  const lines = diffResultLines(before.toString('utf8'), after.toString('utf8'));
  if (!lines)
    return `<section id="diff">${head}<p class="note" id="diff-note">The results differ in more than ${MAX_EDIT_LINES} lines, too many to show here: open both as documents and compare them there.</p></section>`;
  const rows = lines.map((l) =>
    l.op === '…'
      ? `<div class="d-fold">… ${l.text} unchanged ${l.text === '1' ? 'line' : 'lines'}</div>`
      : `<div class="d-${l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'same'}"><span class="d-op">${l.op}</span>${inertHtml(l.text)}</div>`,
  );
  return `<section id="diff">${head}<div id="diff-lines" class="code">${rows.join('')}</div></section>`;
}
