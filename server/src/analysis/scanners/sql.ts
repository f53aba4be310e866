// SQL has no tree-sitter grammar in @vscode/tree-sitter-wasm and npm has no maintained wasm build
// that loads without a download step, so this is a small, bounded hand-written lexer for the
// gman_* UDF calls of the MySQL UDFs and pggearman.
// It understands: -- and # line comments, /* */ block comments, '...' strings ('' and backslash
// escapes), "..." (MySQL strings), `...` identifiers, and $$ / $tag$ dollar quotes, which it
// treats as transparent because they usually wrap PL/pgSQL function bodies that call gman_do.
// Limits: a dollar-quoted string that is really data is scanned as code; E'' and N'' prefixes
// are read as plain strings; # is always a comment (it is XOR in PostgreSQL).
import type { Extraction } from '../model';
import { callsFromTokens, type Token } from './tokens';

/** Calls with their string arguments in SQL source. */
export function scanSql(text: string): Extraction {
  return callsFromTokens(sqlTokens(text), text);
}

/** SQL tokens (exported for tests). */
export function sqlTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  const push = (kind: Token['kind'], start: number, end: number, str?: Token['str']) =>
    tokens.push({ kind, text: text.slice(start, end), start, end, str });
  while (i < n) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (two === '--' || c === '#') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (two === '/*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '$') {
      const m = /^\$(?:[A-Za-z_]\w*)?\$/.exec(text.slice(i, i + 64));
      if (m) {
        i += m[0].length;
        continue;
      }
    }
    if (c === "'" || c === '"' || c === '`') {
      const end = closing(text, i + 1, c);
      const body = text.slice(i + 1, end);
      const value = body.replace(new RegExp(`${c}${c}`, 'g'), c).replace(/\\(.)/g, '$1');
      push(
        c === '`' ? 'other' : 'string',
        i,
        Math.min(end + 1, n),
        c === '`' ? undefined : { value, start: i + 1, end },
      );
      i = end + 1;
      continue;
    }
    const word = /^[A-Za-z_][\w$]*/.exec(text.slice(i, i + 200));
    if (word) {
      push('ident', i, i + word[0].length);
      i += word[0].length;
      continue;
    }
    push(/\w/.test(c) ? 'other' : 'punct', i, i + 1);
    i++;
  }
  return tokens;
}

// Closing quote (doubled quotes and backslashes escape), or end of line when unterminated.
function closing(text: string, from: number, q: string): number {
  for (let k = from; k < text.length; k++) {
    const ch = text[k];
    if (ch === '\\' && q !== '`') k++;
    else if (ch === q) {
      if (text[k + 1] === q) k++;
      else return k;
    } else if (ch === '\n' && text.indexOf(q, k) < 0) return k;
  }
  return text.length;
}
