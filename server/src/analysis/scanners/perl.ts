// Perl has no tree-sitter grammar in @vscode/tree-sitter-wasm and npm has no maintained wasm build
// that loads without a download step, so this is a small, bounded hand-written lexer.
// It understands: # comments, POD (=pod ... =cut), __END__/__DATA__, heredocs (<<"X", <<'X', <<X,
// <<~X), '...' and "..." strings (a "..." with $ or @ interpolation is dynamic), q() qq() with any
// delimiter, qw/m/qr/s/tr/y quote-likes (skipped), bare /regex/ after an operator, and
// `bareword =>` auto-quoting (register_function(sum => sub {...})).
// Limits: calls must use parentheses (`$c->do_task('x')`, `do_task('x')`); `func 'x'` without
// parentheses, prototypes and source filters are not understood; a `/` after a term is division.
import type { Extraction } from '../model';
import { callsFromTokens, type Token } from './tokens';

const QUOTE_LIKE = new Set(['q', 'qq', 'qw', 'm', 'qr', 's', 'tr', 'y']);
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const REGEX_AFTER = new Set([
  '(',
  ',',
  '=',
  '=~',
  '!~',
  '{',
  ';',
  '!',
  '&&',
  '||',
  '?',
  ':',
  'return',
  'split',
  'if',
  'unless',
  'and',
  'or',
  'not',
  'grep',
  'map',
]);

/** Calls with their string arguments in Perl source. */
export function scanPerl(text: string): Extraction {
  return callsFromTokens(perlTokens(text), text);
}

/** Perl tokens (exported for tests). */
export function perlTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const heredocs: { tag: string; indented: boolean }[] = [];
  let i = 0;
  const n = text.length;
  const lineStart = (k: number) => k === 0 || text[k - 1] === '\n';
  const push = (kind: Token['kind'], start: number, end: number, str?: Token['str']) =>
    tokens.push({ kind, text: text.slice(start, end), start, end, str });
  const prev = () => tokens[tokens.length - 1];

  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      i++;
      while (heredocs.length > 0) i = skipHeredoc(text, i, heredocs.shift()!);
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (lineStart(i) && c === '=' && /[A-Za-z]/.test(text[i + 1] ?? '')) {
      const cut = text.slice(i).search(/^=cut\b.*$/m);
      if (cut < 0) break;
      i = text.indexOf('\n', i + cut);
      if (i < 0) break;
      continue;
    }
    if (lineStart(i) && /^__(?:END|DATA)__\b/.test(text.slice(i, i + 8))) break;
    if (c === '#') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && /[~"'A-Za-z_]/.test(text[i + 2] ?? '')) {
      const m = /^<<(~?)(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z_]\w*))/.exec(text.slice(i, i + 200));
      if (m) {
        heredocs.push({ tag: m[2] ?? m[3] ?? m[4], indented: m[1] === '~' });
        push('other', i, i + m[0].length);
        i += m[0].length;
        continue;
      }
    }
    if (c === "'" || c === '"') {
      const end = closeQuote(text, i + 1, c, c);
      const body = text.slice(i + 1, end);
      const staticStr = c === "'" || !/(?<!\\)[$@][\w{:]/.test(body);
      push('string', i, Math.min(end + 1, n), staticStr ? { value: unquote(body, c), start: i + 1, end } : undefined);
      i = end + 1;
      continue;
    }
    if (c === '$' || c === '@' || c === '%') {
      const m = /^[$@%](?:#?\{|#?(?:::)?\w+(?:::\w+)*|\^\w|[^\s\w])/.exec(text.slice(i, i + 200));
      const len = m ? m[0].length - (m[0].endsWith('{') ? 1 : 0) : 1;
      if (c === '%' && (prev()?.kind === 'var' || prev()?.kind === 'ident' || prev()?.text === ')')) {
        push('punct', i, i + 1);
        i++;
        continue;
      }
      push('var', i, i + len);
      i += len;
      continue;
    }
    if (/[A-Za-z_:]/.test(c) && !(c === ':' && text[i + 1] !== ':')) {
      const m = /^(?:::)?[A-Za-z_]\w*(?:::\w+)*(?:::)?/.exec(text.slice(i, i + 300));
      const word = m ? m[0] : c;
      const after = text.slice(i + word.length).match(/^\s*(\S)(\S?)/);
      const fatComma = after?.[1] === '=' && after[2] === '>';
      if (QUOTE_LIKE.has(word) && after && !fatComma && !/[\w,;)}\s=]/.test(after[1]) && prev()?.text !== '->') {
        i = skipQuoteLike(text, i + word.length, word, push);
        continue;
      }
      if (fatComma && /^\w+$/.test(word))
        push('string', i, i + word.length, { value: word, start: i, end: i + word.length });
      else push('ident', i, i + word.length);
      i += word.length;
      continue;
    }
    if (
      c === '/' &&
      (tokens.length === 0 || REGEX_AFTER.has(prev().text) || (prev().kind === 'punct' && !')]}'.includes(prev().text)))
    ) {
      const start = i;
      i = closeQuote(text, i + 1, '/', '/') + 1;
      while (/[a-z]/.test(text[i] ?? '')) i++;
      push('other', start, i);
      continue;
    }
    const op = /^(?:->|=>|=~|!~|&&|\|\||::|[^\w\s])/.exec(text.slice(i, i + 2));
    const len = op ? op[0].length : 1;
    push(/\w/.test(c) ? 'other' : 'punct', i, i + len);
    i += len;
  }
  return tokens;
}

// Index of the closing delimiter (or end of line for an unterminated string, so completion still works).
function closeQuote(text: string, from: number, open: string, close: string): number {
  let depth = 0;
  for (let k = from; k < text.length; k++) {
    const ch = text[k];
    if (ch === '\\') {
      k++;
      continue;
    }
    if (open !== close && ch === open) depth++;
    else if (ch === close) {
      if (depth === 0) return k;
      depth--;
    } else if (ch === '\n' && open === close && (open === "'" || open === '"')) {
      const rest = text.indexOf(close, k);
      if (rest < 0) return k;
    }
  }
  return text.length;
}

function unquote(body: string, quote: string): string {
  return quote === "'"
    ? body.replace(/\\([\\'])/g, '$1')
    : body.replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t' })[ch] ?? ch);
}

function skipQuoteLike(
  text: string,
  from: number,
  word: string,
  push: (k: Token['kind'], s: number, e: number, str?: Token['str']) => void,
): number {
  let i = from;
  while (/\s/.test(text[i] ?? '')) i++;
  const open = text[i];
  const close = PAIRS[open] ?? open;
  const end = closeQuote(text, i + 1, open, close);
  const body = text.slice(i + 1, end);
  if (word === 'q' || (word === 'qq' && !/(?<!\\)[$@][\w{:]/.test(body)))
    push('string', from - word.length, end + 1, { value: body, start: i + 1, end });
  else push('other', from - word.length, end + 1);
  i = end + 1;
  if (word === 's' || word === 'tr' || word === 'y') {
    if (PAIRS[open]) {
      while (/\s/.test(text[i] ?? '')) i++;
      const o2 = text[i];
      i = closeQuote(text, i + 1, o2, PAIRS[o2] ?? o2) + 1;
    } else {
      i = closeQuote(text, i, open, close) + 1;
    }
  }
  while (/[a-z]/.test(text[i] ?? '')) i++;
  return i;
}

function skipHeredoc(text: string, from: number, doc: { tag: string; indented: boolean }): number {
  let i = from;
  while (i < text.length) {
    const e = text.indexOf('\n', i);
    const line = text.slice(i, e < 0 ? text.length : e).replace(/\r$/, '');
    i = e < 0 ? text.length : e + 1;
    if ((doc.indented ? line.trim() : line) === doc.tag) break;
  }
  return i;
}
