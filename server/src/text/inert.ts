// Text that comes from outside (a gearmand, a worker, a repository) made inert wherever it is
// shown: in tree labels, tooltips, hovers, completion items, logs and the result webview.
// One sanitiser for the whole product; the client reaches it through protocol.ts.
import { displayName } from '../gearman/names';

/**
 * Characters that change how text around them is displayed without being seen: bidi
 * embeddings, overrides and isolates (`resize\u202Eegami_` would read as `resize_image`),
 * directional marks, zero-width spaces and joiners, the BOM, and line/paragraph separators.
 */
const INVISIBLE = /[\u0080-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\u206a-\u206f\ufeff\ufff9-\ufffb]/g;

const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Default bound of a label. */
export const MAX_LABEL = 120;

/**
 * Shows raw bytes, control characters (ANSI escapes, NUL, newlines), bidi controls and
 * zero-width characters as visible escapes, and bounds the length (with `…`).
 */
export function inert(s: string, max = MAX_LABEL): string {
  const shown = displayName(s).replace(INVISIBLE, hex4);
  return shown.length > max ? `${shown.slice(0, Math.max(0, max - 1))}…` : shown;
}

/** True when the text holds anything `inert` would escape (so it would not read as typed). */
export function hasHiddenCharacters(s: string): boolean {
  INVISIBLE.lastIndex = 0;
  // eslint-disable-next-line no-control-regex -- C0 controls are what we look for
  return INVISIBLE.test(s) || /[\u0000-\u001f\u007f\udc80-\udcff]/.test(s);
}

/** Markdown that renders `s` as literal text: every markdown-active character backslash-escaped. */
export function markdownText(s: string, max = 500): string {
  return inert(s, max).replace(/[\\`*_{}[\]()<>#+\-.!|~&:"']/g, (c) => `\\${c}`);
}

/** `s` as an inline markdown code span, fenced by a backtick run longer than any inside it. */
export function codeSpan(s: string, max = 500): string {
  const text = inert(s, max);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space inside the fence (CommonMark).
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * True when a name may be written into source code by a quick fix as it is: no quotes,
 * backslashes, backticks, dollar signs, control, bidi or zero-width characters.
 */
export function isPlainName(s: string): boolean {
  return s.length > 0 && s.length <= 200 && !hasHiddenCharacters(s) && !/["'`\\$]/.test(s);
}

/** `name` as a safe part of a file name: only letters, digits, `.`, `_` and `-`, at most `max` characters. */
export function safeFileName(name: string, max = 80): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, max);
}
