// Lossless mapping between wire bytes and the strings the library hands out.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeName, displayName, encodeName, hasRawBytes } from '../../../../server/src/gearman/names';

describe('names', () => {
  it('decodes UTF-8 as UTF-8 and other bytes as escapes', () => {
    expect(decodeName(Buffer.from('café_ü 日本語 🎉', 'utf8'))).toBe('café_ü 日本語 🎉');
    const latin1 = decodeName(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(latin1).not.toBe('café');
    expect(hasRawBytes(latin1)).toBe(true);
    expect(hasRawBytes('café 🎉')).toBe(false);
    expect(displayName(latin1)).toBe('caf\\xE9');
    expect(displayName('a\tb')).toBe('a\\x09b');
  });

  it('treats overlong, surrogate and truncated UTF-8 as raw bytes', () => {
    for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const s = decodeName(Buffer.from(bytes));
      expect(hasRawBytes(s)).toBe(true);
      expect(encodeName(s)).toEqual(Buffer.from(bytes));
    }
  });

  it('bytes -> string -> bytes is the identity', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (a) => {
        expect(encodeName(decodeName(Buffer.from(a)))).toEqual(Buffer.from(a));
      }),
      { numRuns: 5000 },
    );
  });

  it('well-formed strings encode as UTF-8 and decode back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(encodeName(s)).toEqual(Buffer.from(s, 'utf8'));
        expect(decodeName(encodeName(s))).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });
});
