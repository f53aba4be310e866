// Reads a tree-sitter string-literal node as a static value, or says it is dynamic.
// Quotes are found from the node text so that one rule serves every grammar: prefixes such as
// b'', r"", L"", @"", r#""# and triple quotes are skipped; an unterminated string runs to the node end.
import type { Node, Point } from 'web-tree-sitter';
import type { StringSpec } from './languageSpec';
import type { StringValue } from './model';
import type { Position } from './types';

const OPENING = /^([A-Za-z0-9@$]{0,3})(#*)("""|'''|["'`])/;

const interned = new Map<string, string>();
const MAX_INTERNED = 65_536;

/**
 * `s` as a string of its own. Text read from a tree is a slice of the whole document, so a kept
 * name would keep that version of the document alive (an open document's after every edit, the
 * index's every file), and slices are slow to look up by; equal names also become one string.
 */
export function own(s: string): string {
  let o = interned.get(s);
  if (o === undefined) {
    if (interned.size >= MAX_INTERNED) interned.clear();
    o = JSON.parse(JSON.stringify(s)) as string; // a copy: V8 has no direct way to unslice
    interned.set(o, o);
  }
  return o;
}

/** Where `node` ends, given its start and text: worked out from the text when it is one line (each node access is a wasm call). */
export function endOf(node: Node, start: Point, text: string): Position {
  if (!text.includes('\n')) return { line: start.row, character: start.column + text.length };
  const end = node.endPosition;
  return { line: end.row, character: end.column };
}

/** The static value of `node` (of type `type`, when the caller has read it), or null when it is not a string literal or has interpolated parts. */
export function readString(node: Node, spec: StringSpec, type = node.type): StringValue | null {
  if (!spec.types.includes(type)) return null;
  for (const child of node.namedChildren) {
    if (child && !spec.parts.includes(child.type)) return null;
  }
  const text = node.text;
  let open = 0;
  let close = 0;
  const m = OPENING.exec(text);
  if (m) {
    open = m[0].length;
    const closing = m[3] + m[2];
    if (text.length >= open + closing.length && text.endsWith(closing)) close = closing.length;
  } else if (!spec.bare?.includes(type)) {
    return null;
  }
  const startIndex = node.startIndex;
  const start = node.startPosition;
  const end = endOf(node, start, text);
  return {
    value: own(decode(node, text, open, text.length - close)),
    startIndex: startIndex + open,
    endIndex: startIndex + text.length - close,
    range: {
      start: { line: start.row, character: start.column + open },
      end: { line: end.line, character: end.character - close },
    },
  };
}

// Escapes are decoded only where the grammar marks them, so raw strings stay raw.
function decode(node: Node, text: string, from: number, to: number): string {
  // Every escape starts with a backslash: without one there is nothing to look up in the tree.
  if (!text.includes('\\', from)) return text.slice(from, to);
  const escapes = node.descendantsOfType('escape_sequence').filter((n): n is Node => n !== null);
  if (escapes.length === 0) return text.slice(from, to);
  let out = '';
  let pos = from;
  for (const e of escapes) {
    const s = e.startIndex - node.startIndex;
    out += text.slice(pos, s) + unescape(e.text);
    pos = s + e.text.length;
  }
  return out + text.slice(pos, to);
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

/** Decodes one backslash escape (`\n`, `\x41`, `\u0041`, `\u{41}`); unknown escapes keep the escaped character. */
export function unescape(esc: string): string {
  const body = esc.slice(1);
  const hex = /^(?:x([0-9a-fA-F]{2})|u\{?([0-9a-fA-F]{1,6})\}?)$/.exec(body);
  if (hex) return String.fromCodePoint(parseInt(hex[1] ?? hex[2], 16));
  return SIMPLE[body] ?? body;
}
