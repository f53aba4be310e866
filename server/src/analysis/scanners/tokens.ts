// Shared half of the hand-written scanners (languages without a tree-sitter grammar): a token
// stream in, calls with their arguments out, in the same neutral form the tree-sitter path makes.
import type { ArgInfo, CallShape, Extraction, StringValue } from '../model';
import { positioner } from '../textPositions';

/** One lexical token. `str` is set for static string literals (and Perl fat-comma barewords). */
export interface Token {
  kind: 'ident' | 'string' | 'var' | 'punct' | 'other';
  text: string;
  start: number;
  end: number;
  str?: { value: string; start: number; end: number };
}

/** Finds `name(...)` and `receiver->name(...)` calls in a token stream. */
export function callsFromTokens(tokens: Token[], text: string): Extraction {
  const pos = positioner(text);
  const toValue = (s: NonNullable<Token['str']>): StringValue => ({
    value: s.value,
    startIndex: s.start,
    endIndex: s.end,
    range: { start: pos(s.start), end: pos(s.end) },
  });
  const shapes: CallShape[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'ident' || tokens[i + 1].text !== '(') continue;
    const hasArrow = i > 0 && tokens[i - 1].text === '->';
    const receiver = hasArrow ? receiverText(tokens, i - 2, text) : undefined;
    shapes.push({
      method: t.text,
      methodName: toValue({ value: t.text, start: t.start, end: t.end }),
      receiver,
      args: splitArgs(tokens, i + 2).map((arg): ArgInfo => ({
        str: arg.length === 1 && arg[0].str ? toValue(arg[0].str) : null,
      })),
    });
  }
  return { shapes, direct: [], bindings: [], constants: [] };
}

// Arguments up to the matching `)`, split at top-level `,` and `=>`.
function splitArgs(tokens: Token[], from: number): Token[][] {
  const args: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'punct' && ')]}'.includes(t.text)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (t.text === ',' || t.text === '=>')) {
      args.push(cur);
      cur = [];
      continue;
    } else if (depth === 0 && t.text === ';') break;
    cur.push(t);
  }
  if (cur.length > 0) args.push(cur);
  return args;
}

// `$self->{client}->do_task`: the receiver runs back over ->, subscripts, variables and names.
function receiverText(tokens: Token[], last: number, text: string): string | undefined {
  let i = last;
  if (i < 0) return undefined;
  const end = tokens[i].end;
  for (;;) {
    const t = tokens[i];
    if (t.kind === 'punct' && (t.text === '}' || t.text === ']')) {
      const open = t.text === '}' ? '{' : '[';
      let depth = 0;
      for (; i >= 0; i--) {
        if (tokens[i].text === t.text) depth++;
        else if (tokens[i].text === open && --depth === 0) break;
      }
      if (i < 0) return undefined;
      i--;
    } else if (t.kind === 'var' || t.kind === 'ident') {
      i--;
    } else {
      return undefined;
    }
    if (i < 0 || tokens[i].text !== '->') break;
    i--;
  }
  return text.slice(tokens[i + 1].start, end);
}
