// Turning result bytes into text a page can show inertly: control characters (ANSI
// escapes, NUL, ...) become visible escapes, HTML is escaped, and large results are cut.
// Pure, so it is unit-tested.

/** Longest text shown in the panel, as much as the server sends of a result (the full bytes can be saved or opened as a document). */
export const MAX_SHOWN_BYTES = 1024 * 1024;
/** Longest hex dump shown. */
export const MAX_HEX_BYTES = 16 * 1024;

/** Escapes the five HTML-special characters. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

// C0 controls except tab and newline, DEL, C1 controls, and line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Text with control characters written as `\xHH` / `\uHHHH` (no HTML escaping). */
export function visibleControls(s: string): string {
  return s.replace(CONTROL, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff
      ? `\\x${n.toString(16).toUpperCase().padStart(2, '0')}`
      : `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/** HTML for text: escaped, with each control character shown as a marked `\xHH`. */
export function inertHtml(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(CONTROL)) {
    out += escapeHtml(s.slice(last, m.index)) + `<span class="ctl">${escapeHtml(visibleControls(m[0]))}</span>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(s.slice(last));
}

/** Bytes as UTF-8 text (invalid sequences become U+FFFD), cut to MAX_SHOWN_BYTES. */
export function bytesToText(b: Buffer): { text: string; cut: boolean } {
  const cut = b.length > MAX_SHOWN_BYTES;
  return { text: (cut ? b.subarray(0, MAX_SHOWN_BYTES) : b).toString('utf8'), cut };
}

/** Pretty-printed JSON, or undefined when the text is not JSON. */
export function prettyJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

/** A classic hex dump: offset, 16 bytes in hex, and the printable ASCII; `total` is the full size when `b` is only the start. */
export function hexDump(b: Buffer, max = MAX_HEX_BYTES, total = b.length): string {
  const lines: string[] = [];
  const n = Math.min(b.length, max);
  for (let off = 0; off < n; off += 16) {
    const row = b.subarray(off, Math.min(off + 16, n));
    const hex = [...row]
      .map((x) => x.toString(16).padStart(2, '0'))
      .join(' ')
      .padEnd(47, ' ');
    const ascii = [...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex}  ${ascii}`);
  }
  if (total > n) lines.push(`… ${total - n} more bytes (save the result to see them all)`);
  return lines.join('\n');
}

/** True when the bytes hold control characters other than whitespace (worth a hex view). */
export function looksBinary(b: Buffer): boolean {
  for (const x of b.subarray(0, 4096)) if (x === 0 || (x < 0x20 && x !== 9 && x !== 10 && x !== 13)) return true;
  return false;
}
