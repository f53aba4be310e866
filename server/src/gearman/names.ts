// Function names, unique ids and handles are byte strings on the wire: gearmand stores
// whatever bytes a worker registered. We give callers plain JS strings that map back to
// the SAME bytes (the "surrogateescape" scheme Python uses for file names):
//   - every well-formed UTF-8 sequence decodes to its character;
//   - every byte that is not part of one decodes to the lone surrogate U+DC00 + byte.
// Well-formed UTF-8 can never produce a lone surrogate, so the mapping is one-to-one and
// `encodeName(decodeName(b))` equals `b` for every byte string. A name read from `status`
// and passed back to dropFunction/maxQueue/cancelJob therefore names the same function,
// even when it is Latin-1 or garbage. Such strings survive JSON (LSP) as "\udce9" escapes,
// but must be turned into bytes with encodeName, never Buffer.from(s, 'utf8').

const ESCAPE_BASE = 0xdc00;

/** Decodes wire bytes to a string that encodeName turns back into the same bytes. */
export function decodeName(bytes: Buffer): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return bytes.toString('latin1');
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(ESCAPE_BASE + bytes[i]);
      i += 1;
    } else {
      out += bytes.toString('utf8', i, i + n);
      i += n;
    }
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence starting at i, or 0 when the byte there starts none. */
function utf8SequenceLength(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  // Ranges from RFC 3629 (no overlongs, no surrogates, nothing above U+10FFFF).
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** Encodes a name to wire bytes: UTF-8, with U+DC80..U+DCFF escapes turned back into their byte. */
export function encodeName(name: string): Buffer {
  let plain = true;
  for (let i = 0; i < name.length; i++) {
    const u = name.charCodeAt(i);
    if (u >= 0xdc80 && u <= 0xdcff) {
      plain = false;
      break;
    }
  }
  if (plain) return Buffer.from(name, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const u = name.charCodeAt(i);
    const prev = i > 0 ? name.charCodeAt(i - 1) : 0;
    // A low surrogate preceded by a high one is half of a real character, not an escape.
    if (u >= 0xdc80 && u <= 0xdcff && !(prev >= 0xd800 && prev <= 0xdbff)) {
      parts.push(Buffer.from(name.slice(start, i), 'utf8'), Buffer.from([u - ESCAPE_BASE]));
      start = i + 1;
    }
  }
  parts.push(Buffer.from(name.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/** True when the name holds bytes that are not UTF-8 (shown escaped by displayName). */
export function hasRawBytes(name: string): boolean {
  return /(?<![\ud800-\udbff])[\udc80-\udcff]/.test(name);
}

/** A name fit to show a user: raw bytes as \xHH and control characters escaped. */
export function displayName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const u = name.charCodeAt(i);
    const prev = i > 0 ? name.charCodeAt(i - 1) : 0;
    const escaped = u >= 0xdc80 && u <= 0xdcff && !(prev >= 0xd800 && prev <= 0xdbff);
    if (escaped || u < 0x20 || u === 0x7f) {
      const byte = escaped ? u - ESCAPE_BASE : u;
      out += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    } else {
      out += name[i];
    }
  }
  return out;
}
