// Name slots for completion: the name argument under the cursor, even empty or unterminated.
// The tree gives slots for well-formed strings; when error recovery leaves no string node
// (an unterminated quote), a line-local fallback reads the call back from the cursor.
import type { NameRef } from './model';
import type { CallTable, CompiledRow } from './table';
import { splitCall } from './table';
import type { NameSlot } from './types';
import { positionAt } from './textPositions';

/** The slot among `refs` that contains `cursor` (a UTF-16 offset), if any. */
export function slotFromRefs(refs: NameRef[], text: string, cursor: number, globalPrefix: string): NameSlot | null {
  // A constant's use is no place to type a name: completion would replace the constant with a bare word.
  const ref = refs.find((r) => !r.via && r.str.startIndex <= cursor && cursor <= r.str.endIndex);
  if (!ref) return null;
  return {
    role: ref.role,
    partial: text.slice(ref.str.startIndex, cursor),
    range: ref.str.range,
    call: ref.call,
    library: ref.library,
    prefix: ref.prefix ?? globalPrefix,
  };
}

const QUOTES = `'"\``;

/**
 * Line-local guess for an unterminated string: `call(arg, 'par|`, `call(task='par|`, `cmd -f 'par|`.
 * Limits: the call must start on the cursor's line; brackets inside earlier arguments are counted
 * but strings in them are only skipped when closed on the same line.
 */
export function fallbackSlot(text: string, cursor: number, table: CallTable, globalPrefix: string): NameSlot | null {
  const lineStart = text.lastIndexOf('\n', cursor - 1) + 1;
  const before = text.slice(lineStart, cursor);
  const quote = openQuote(before);
  if (quote < 0) return null;
  const head = before.slice(0, quote).replace(/[A-Za-z]{1,2}$/, ''); // b'', r"", L"" prefixes
  const found = table.arguments.style === 'flag' ? flagCall(head) : bracketCall(head);
  if (!found) return null;
  const { receiver, method } = splitCall(found.callee);
  const key = method.split(/\\|::|\.|->|\//).pop() ?? method;
  const rows = table.byMethod.get(table.ignoreCase ? key.toLowerCase() : key) ?? [];
  const tokens = head.split(/\s+/);
  if (table.arguments.end !== undefined && tokens.includes(table.arguments.end)) return null;
  const row = rows.find(
    (r) =>
      fits(r, receiver, found.index, found.keyword) &&
      (r.ifArgument === undefined || tokens.includes(r.ifArgument)) &&
      (r.unlessArgument === undefined || !tokens.includes(r.unlessArgument)),
  );
  if (!row) return null;
  const q = before[quote];
  let end = text.indexOf(q, cursor);
  const eol = text.indexOf('\n', cursor);
  if (end < 0 || (eol >= 0 && end > eol)) end = eol < 0 ? text.length : eol;
  const start = lineStart + quote + 1;
  const range = { start: positionAt(text, start), end: positionAt(text, end) };
  return {
    role: row.role,
    partial: text.slice(start, cursor),
    range,
    call: row.display,
    library: row.library,
    prefix: row.prefix ?? globalPrefix,
  };
}

function fits(row: CompiledRow, receiver: string | undefined, index: number, keyword: string | undefined): boolean {
  if (row.receiver !== undefined && (receiver === undefined || !receiver.replace(/\$/g, '').endsWith(row.receiver)))
    return false;
  return keyword === undefined ? row.argument === index : row.argument === keyword;
}

// Index of the quote that is still open at the end of `line`, or -1.
function openQuote(line: string): number {
  let open = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (open >= 0) {
      if (c === '\\') i++;
      else if (c === line[open]) open = -1;
    } else if (QUOTES.includes(c)) {
      open = i;
    }
  }
  return open;
}

// `callee(a, b, kw=` → callee, argument index, keyword.
function bracketCall(head: string): { callee: string; index: number; keyword?: string } | null {
  let depth = 0;
  let commas = 0;
  let lastComma = head.length;
  for (let i = head.length - 1; i >= 0; i--) {
    const c = head[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '[' || c === '{') depth--;
    else if (c === '(') {
      if (depth === 0) {
        const callee = /([A-Za-z_$\\][\w$\\]*(?:\s*(?:\.|->|::)\s*[A-Za-z_$][\w$]*)*)\s*$/.exec(head.slice(0, i));
        if (!callee) return null;
        const own = head.slice(commas === 0 ? i + 1 : lastComma + 1);
        const k = /^\s*:?([A-Za-z_]\w*)\s*(?:=>|=|:)\s*$/.exec(own);
        return { callee: callee[1].replace(/\s+/g, ''), index: commas, keyword: k ? k[1] : undefined };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      if (commas === 0) lastComma = i;
      commas++;
    }
    if (depth < 0) return null;
  }
  return null;
}

// `gearman -w -f ` → command word and the flag right before the quote.
function flagCall(head: string): { callee: string; index: number; keyword?: string } | null {
  const m = /^\s*(\S+)(?:\s+\S+)*?\s+(-\w)\s*$/.exec(head) ?? /^\s*(\S+)(?:\s+\S+)*?\s+(-\w)$/.exec(head);
  return m ? { callee: m[1], index: -1, keyword: m[2] } : null;
}
