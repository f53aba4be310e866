import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from '../../../../server/src/jobfile/json';

describe('jsonSyntaxError', () => {
  it.each([
    ['{"a": }', 6, 'expected a value'],
    ['{"a" 1}', 5, "expected ':'"],
    ['[1, 2', 5, "expected ',' or ']', found the end of the text"],
    ['{a: 1}', 1, 'expected a "quoted" property name'],
    ['"x\ny"', 2, 'line break'],
    ['{} x', 3, "unexpected 'x' after the JSON value"],
    ['[01]', 2, "expected ',' or ']'"],
    ['"\\q"', 1, 'bad escape'],
  ])('%j fails at %i', (text, offset, message) => {
    const e = jsonSyntaxError(text);
    expect(e?.offset).toBe(offset);
    expect(e?.message).toContain(message);
  });

  it('agrees with JSON.parse on validity and points inside the text', () => {
    const jsonish = fc
      .array(
        fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '-', '.', 'e', 'true', 'null', ' ', '\n', '\\', 'a'),
        { maxLength: 30 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.json()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const e = jsonSyntaxError(text);
        expect(e === undefined).toBe(valid);
        if (e) {
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(text.length);
          expect(e.message).not.toBe('invalid JSON');
        }
      }),
      { numRuns: 3000 },
    );
  });
});
