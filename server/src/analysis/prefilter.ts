// A text pre-pass for whole-file extraction (the workspace index): a call site needs one of the
// table's call names (or a magic class name, or a directly captured call) written in the text,
// so files without any are not parsed at all, and the query runs only around lines that have one.
// Sound by construction: a tree-sitter query restricted to a range still returns every match
// with a node on those lines, and a call's method name is on one of its own lines. Magic-method
// calls (Net_Gearman `$client->any_name()`) have no fixed name: a text that mentions a magic
// class is queried whole.
import type { LanguageSpec } from './languageSpec';
import type { CallTable } from './table';

const lastSegment = (s: string) => s.split(/\\|::|\.|->|\//).pop() ?? s;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regexes for one language: `words` finds lines that can hold a site; `whole` means the whole text must be queried. */
export interface Triggers {
  words: RegExp;
  whole?: RegExp;
}

function wordsPattern(list: string[], ignoreCase: boolean, flags: string): RegExp {
  // Word boundaries only around ASCII word characters, where \b means what it says.
  const alts = list.map((w) => `${/^\w/.test(w) ? '\\b' : ''}${escape(w)}${/\w$/.test(w) ? '\\b' : ''}`);
  return new RegExp(alts.join('|'), ignoreCase ? `${flags}i` : flags);
}

/** The trigger regexes of `spec`'s language with its current call table; undefined when nothing can trigger. */
export function triggerPattern(table: CallTable, spec: LanguageSpec): Triggers | undefined {
  const words = new Set<string>(table.byMethod.keys());
  const magic = table.magic.map((m) => lastSegment(m.className)).filter((w) => w !== '');
  for (const m of magic) words.add(m);
  for (const d of (spec.query ?? '').matchAll(/#set!\s+call\s+"([^"]+)"/g)) words.add(lastSegment(d[1]));
  const list = [...words].filter((w) => w !== '');
  if (list.length === 0) return undefined;
  return {
    words: wordsPattern(list, table.ignoreCase, 'g'),
    whole: magic.length ? wordsPattern(magic, table.ignoreCase, '') : undefined,
  };
}

/** A query range in tree-sitter points (rows, UTF-16 columns). */
export interface PointRange {
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

/** Where the words of `names` are written (for the definitions of the constants a call names). */
export function wordRanges(text: string, names: string[]): PointRange[] {
  return triggerRanges(text, { words: wordsPattern([...new Set(names)], false, 'g') });
}

/** The trigger words' own positions (the query then returns exactly the calls written there), or [] when the text has none. */
export function triggerRanges(text: string, triggers: Triggers): PointRange[] {
  if (triggers.whole?.test(text))
    return [{ startPosition: { row: 0, column: 0 }, endPosition: { row: 1e9, column: 0 } }]; // rows are 32-bit in tree-sitter
  const pattern = triggers.words;
  const out: PointRange[] = [];
  let row = 0;
  let lineStart = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    for (let i = text.indexOf('\n', lineStart); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) {
      row++;
      lineStart = i + 1;
    }
    const startColumn = m.index - lineStart;
    const endColumn = startColumn + m[0].length;
    const last = out[out.length - 1];
    if (last && last.endPosition.row === row) last.endPosition.column = endColumn;
    else out.push({ startPosition: { row, column: startColumn }, endPosition: { row, column: endColumn } });
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out;
}
