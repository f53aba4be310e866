// An open document's line starts are kept across edits (documents.ts finds each edit's offsets
// with them): after any edits they must give the offsets a scan of the text gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineStarts, offsetAt } from '../../../../server/src/analysis/textPositions';

const piece = fc.constantFrom('a', 'bc', '\n', '\r\n', '\n\n', 'é😀', '', 'x\ny\nz');

describe('LineStarts', () => {
  it('gives the offsets of offsetAt after any sequence of edits, past line ends and past the text too', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(60), fc.nat(8), fc.array(piece, { maxLength: 4 })), { maxLength: 8 }),
        (start, edits) => {
          let text = start.join('');
          const lines = new LineStarts(text);
          for (const [at, del, ins] of edits) {
            const from = Math.min(at, text.length);
            const to = Math.min(from + del, text.length);
            const inserted = ins.join('');
            lines.edit(from, to, inserted);
            text = text.slice(0, from) + inserted + text.slice(to);
            const count = text.split('\n').length;
            for (let line = -1; line <= count + 1; line++) {
              for (const character of [0, 1, 3, 1000])
                expect(lines.offsetAt(text, { line, character })).toBe(offsetAt(text, { line, character }));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
