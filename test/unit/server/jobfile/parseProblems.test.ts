import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../../server/src/jobfile/parse';
import { splitLines } from '../../../../server/src/jobfile/lines';
import type { Range } from '../../../../server/src/jobfile/types';

const r = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});
const problemsOf = (text: string) => parseJobFile(text).problems;
const header = (line: string) => problemsOf(`SUBMIT f\n${line}\n`);

describe('parseJobFile: request line problems', () => {
  it('suggests SUBMIT for a misspelling and drops the block', () => {
    const parsed = parseJobFile('###\nSUMBIT f\npriority: high\n');
    expect(parsed.blocks).toEqual([]);
    expect(parsed.problems).toEqual([
      {
        range: r(1, 0, 1, 8),
        severity: 'error',
        code: 'misspelled-request',
        message: expect.stringContaining("did you mean 'SUBMIT'"),
      },
    ]);
    expect(problemsOf('SUBMIT:f\n')[0].code).toBe('misspelled-request');
  });

  it('asks for a request line when a block starts with something else', () => {
    expect(problemsOf('### x\npriority: high\n\nbody\n')).toEqual([
      {
        range: r(1, 0, 1, 14),
        severity: 'error',
        code: 'missing-request',
        message: expect.stringContaining("'SUBMIT <function-name>'"),
      },
    ]);
  });

  it('asks for a function name', () => {
    expect(problemsOf('SUBMIT   \n')).toEqual([
      {
        range: r(0, 0, 0, 6),
        severity: 'error',
        code: 'missing-function-name',
        message: expect.stringContaining('function name'),
      },
    ]);
    expect(problemsOf('SUBMIT ""\n').map((p) => p.code)).toEqual(['missing-function-name']);
  });

  it('flags text after the name and an unterminated quote, but keeps the block', () => {
    const parsed = parseJobFile('SUBMIT resize image\n');
    expect(parsed.blocks[0].functionName).toBe('resize');
    expect(parsed.problems).toEqual([
      {
        range: r(0, 14, 0, 19),
        severity: 'error',
        code: 'text-after-function-name',
        message: expect.stringContaining('SUBMIT "resize image"'),
      },
    ]);
    const open = parseJobFile('SUBMIT "abc\n');
    expect(open.blocks[0].functionName).toBe('abc');
    expect(open.problems.map((p) => [p.code, p.range])).toEqual([['unterminated-quote', r(0, 7, 0, 11)]]);
  });
});

describe('parseJobFile: header problems', () => {
  it.each([
    ['priority: urgent', 'bad-priority', "priority must be high, normal or low, not 'urgent'", r(1, 10, 1, 16)],
    ['background: yes', 'bad-background', "background must be true or false, not 'yes'", r(1, 12, 1, 15)],
    ['repeat: 0', 'repeat-out-of-range', 'repeat must be from 1 to 10000, not 0', r(1, 8, 1, 9)],
    ['repeat: 10001', 'repeat-out-of-range', 'repeat must be from 1 to 10000, not 10001', r(1, 8, 1, 13)],
    ['repeat: 2.5', 'bad-repeat', "repeat must be a whole number from 1 to 10000, not '2.5'", r(1, 8, 1, 11)],
    ['timeout: 0', 'bad-timeout', "timeout must be a number of seconds greater than 0, not '0'", r(1, 9, 1, 10)],
    ['content-type: xml', 'bad-content-type', "content-type must be json, text or base64, not 'xml'", r(1, 14, 1, 17)],
    ['priority:', 'empty-header-value', "'priority' has no value; write high, normal or low", r(1, 9, 1, 9)],
  ])('%s', (line, code, message, range) => {
    expect(header(line)).toEqual([{ range, severity: 'error', code, message }]);
  });

  it('rejects a unique id over 64 bytes (counting UTF-8 bytes)', () => {
    expect(header(`unique: ${'a'.repeat(64)}`)).toEqual([]);
    const p = header(`unique: ${'é'.repeat(33)}`);
    expect(p.map((x) => [x.code, x.message])).toEqual([
      ['unique-too-long', expect.stringContaining('66 bytes; gearmand accepts at most 64')],
    ]);
    expect(parseJobFile('SUBMIT f\nunique: -\n').blocks[0].options.unique).toBe('-');
  });

  it('reads ISO-8601 epochs with a zone and rejects the rest', () => {
    const epoch = (v: string) => parseJobFile(`SUBMIT f\nepoch: ${v}\n`);
    expect(epoch('2026-01-01T00:00:00Z').blocks[0].options.epoch).toBe(1767225600);
    expect(epoch('2026-01-01T02:30+02:30').blocks[0].options.epoch).toBe(1767225600);
    expect(epoch('2025-12-31 19:00:00.9-0500').blocks[0].options.epoch).toBe(1767225600);
    expect(epoch('2026-01-01T00:00:00').problems[0].message).toContain('needs a time and a time zone');
    expect(epoch('2026-01-01').problems[0].message).toContain('2026-01-01T00:00:00Z');
    expect(epoch('2026-02-30T00:00:00Z').problems[0].message).toContain('not a real date');
    expect(epoch('tomorrow').problems[0].code).toBe('bad-epoch');
    expect(epoch('99999999999999999999').problems[0].message).toContain('too large');
  });

  it('makes epoch jobs background and warns about settings it overrides', () => {
    const parsed = parseJobFile('SUBMIT f\nepoch: 5\nbackground: false\npriority: high\n');
    expect(parsed.blocks[0].options).toMatchObject({ epoch: 5, background: true, priority: 'high' });
    expect(parsed.problems.map((p) => [p.code, p.severity, p.range])).toEqual([
      ['epoch-is-background', 'warning', r(2, 12, 2, 17)],
      ['epoch-priority-ignored', 'warning', r(3, 10, 3, 14)],
    ]);
  });

  it('warns about unknown headers with a suggestion', () => {
    expect(header('prority: high')).toEqual([
      {
        range: r(1, 0, 1, 7),
        severity: 'warning',
        code: 'unknown-header',
        message: expect.stringContaining("did you mean 'priority'?"),
      },
    ]);
    expect(header('x-trace: 1')[0].message).toContain('known headers are server, priority, background');
  });

  it('warns about a duplicated header and uses the last value', () => {
    const parsed = parseJobFile('SUBMIT f\npriority: high\npriority: low\n');
    expect(parsed.blocks[0].options.priority).toBe('low');
    expect(parsed.problems).toEqual([
      {
        range: r(2, 0, 2, 8),
        severity: 'warning',
        code: 'duplicate-header',
        message: "'priority' is set twice (also on line 2); this later value is used",
      },
    ]);
  });

  it('reports a header without a colon', () => {
    expect(header('priority high')).toEqual([
      {
        range: r(1, 0, 1, 13),
        severity: 'error',
        code: 'header-syntax',
        message: "missing ':' after 'priority'; write 'priority: value'",
      },
    ]);
  });

  it('reads a payload that follows the headers without a blank line, with a warning', () => {
    const parsed = parseJobFile('SUBMIT f\npriority: low\n{"a": 1}\n');
    expect(parsed.blocks[0].body).toMatchObject({ kind: 'json', text: '{"a": 1}', range: r(2, 0, 2, 8) });
    expect(parsed.problems.map((p) => [p.code, p.range])).toEqual([['missing-blank-line', r(2, 0, 2, 8)]]);
  });
});

function inside(range: Range, lines: string[]): boolean {
  const ok = (p: Range['start']) =>
    p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  const ordered =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

describe('parseJobFile: never throws', () => {
  const pieces = fc.constantFrom(
    '###',
    '### t',
    'SUBMIT',
    'SUBMIT ',
    'submit f',
    '"',
    '\\',
    '@',
    '@x',
    '{',
    '}',
    '[',
    ':',
    'priority',
    'epoch',
    'repeat',
    'unique',
    'content-type',
    'json',
    'base64',
    ' ',
    '\t',
    '\n',
    '\r\n',
    '\r',
    '#',
    '//',
    '-',
    '0',
    '99999',
    'é',
    '💥',
    '\u0000',
    '\ud800',
  );
  const texts = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.array(pieces, { maxLength: 60 }).map((a) => a.join('')),
  );

  it('returns ranges inside the document for any text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const parsed = parseJobFile(text);
        const lines = splitLines(text).map((l) => l.text);
        for (const p of parsed.problems) expect(inside(p.range, lines)).toBe(true);
        for (const b of parsed.blocks) {
          for (const range of [
            b.range,
            b.requestRange,
            b.functionRange,
            b.body.range,
            ...b.headers.flatMap((h) => [h.keyRange, h.valueRange]),
          ]) {
            expect(inside(range, lines)).toBe(true);
          }
          expect(b.functionName.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
