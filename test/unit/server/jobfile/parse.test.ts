import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../../server/src/jobfile/parse';
import type { Problem } from '../../../../server/src/jobfile/types';

const r = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});
const codes = (problems: Problem[]) => problems.map((p) => p.code);
const only = (text: string) => {
  const parsed = parseJobFile(text);
  expect(parsed.blocks).toHaveLength(1);
  return { block: parsed.blocks[0], problems: parsed.problems };
};

describe('parseJobFile: structure and ranges', () => {
  it('reads a full block with exact ranges', () => {
    const text = [
      '### resize a big image', // 0
      '# a comment', // 1
      'SUBMIT resize_image', // 2
      'priority: high', // 3
      'background: true', // 4
      '', // 5
      '{"w": 100}', // 6
      '', // 7
    ].join('\n');
    const { block, problems } = only(text);
    expect(problems).toEqual([]);
    expect(block.title).toBe('resize a big image');
    expect(block.range).toEqual(r(0, 0, 6, 10));
    expect(block.requestRange).toEqual(r(2, 0, 2, 19));
    expect(block.functionName).toBe('resize_image');
    expect(block.functionRange).toEqual(r(2, 7, 2, 19));
    expect(block.headers).toEqual([
      { key: 'priority', value: 'high', keyRange: r(3, 0, 3, 8), valueRange: r(3, 10, 3, 14) },
      { key: 'background', value: 'true', keyRange: r(4, 0, 4, 10), valueRange: r(4, 12, 4, 16) },
    ]);
    expect(block.options).toEqual({ priority: 'high', background: true, repeat: 1 });
    expect(block.body).toEqual({ kind: 'json', text: '{"w": 100}', range: r(6, 0, 6, 10) });
  });

  it('reads every header', () => {
    const { block, problems } = only(
      [
        'SUBMIT f',
        'server: prod',
        'priority: normal',
        'unique: order-42',
        'epoch: 1767225600',
        'repeat: 3',
        'timeout: 2.5',
        'content-type: text',
        '',
        'x',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(block.options).toEqual({
      server: 'prod',
      priority: 'normal',
      background: true,
      unique: 'order-42',
      epoch: 1767225600,
      repeat: 3,
      timeoutSec: 2.5,
    });
    expect(block.contentType).toBe('text');
  });

  it('keeps indentation of keys and values and trims trailing blanks', () => {
    const { block } = only('  SUBMIT   f  \n  Priority :  high  \n');
    expect(block.requestRange).toEqual(r(0, 2, 0, 12));
    expect(block.functionRange).toEqual(r(0, 11, 0, 12));
    expect(block.headers[0]).toEqual({
      key: 'priority',
      value: 'high',
      keyRange: r(1, 2, 1, 10),
      valueRange: r(1, 14, 1, 18),
    });
  });

  it('splits several blocks and ignores blocks of only comments', () => {
    const parsed = parseJobFile(
      '# intro only\n\n###\n// nothing here\n### one\nSUBMIT a\n\nhello\nworld\n\n### two\nSUBMIT b\n',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.blocks.map((b) => [b.functionName, b.title, b.range])).toEqual([
      ['a', 'one', r(4, 0, 8, 5)],
      ['b', 'two', r(10, 0, 11, 8)],
    ]);
    expect(parsed.blocks[0].body).toEqual({ kind: 'text', text: 'hello\nworld', range: r(7, 0, 8, 5) });
    expect(parsed.blocks[1].body).toEqual({ kind: 'text', text: '', range: r(12, 0, 12, 0) });
  });

  it('reads a block before the first separator', () => {
    const parsed = parseJobFile('SUBMIT first\n\n1\n### second\nSUBMIT second\n\n2');
    expect(parsed.blocks.map((b) => [b.functionName, b.title, b.body.text])).toEqual([
      ['first', undefined, '1'],
      ['second', 'second', '2'],
    ]);
  });

  it('handles CRLF, lone CR and no trailing newline', () => {
    const crlf = parseJobFile('### t\r\nSUBMIT f\r\npriority: high\r\n\r\nline1\r\nline2');
    expect(crlf.problems).toEqual([]);
    expect(crlf.blocks[0].options.priority).toBe('high');
    expect(crlf.blocks[0].headers[0].valueRange).toEqual(r(2, 10, 2, 14));
    expect(crlf.blocks[0].body).toEqual({ kind: 'text', text: 'line1\nline2', range: r(4, 0, 5, 5) });
    const cr = parseJobFile('SUBMIT f\rrepeat: 2\r\rbody');
    expect(cr.blocks[0].options.repeat).toBe(2);
    expect(cr.blocks[0].body.text).toBe('body');
  });

  it('returns nothing for an empty file or a file of blanks and comments', () => {
    expect(parseJobFile('')).toEqual({ blocks: [], problems: [] });
    expect(parseJobFile('\n\n# hi\n// there\n   \n')).toEqual({ blocks: [], problems: [] });
  });

  it('accepts a quoted function name with spaces and escapes', () => {
    const { block, problems } = only('SUBMIT "resize \\"big\\" image"\n');
    expect(problems).toEqual([]);
    expect(block.functionName).toBe('resize "big" image');
    expect(block.functionRange).toEqual(r(0, 7, 0, 29));
  });

  it('keeps weird bytes in names and payloads', () => {
    const { block } = only('SUBMIT fü→\u0001x\n\n\u0000\u00ff💥\n');
    expect(block.functionName).toBe('fü→\u0001x');
    expect(block.body.text).toBe('\u0000\u00ff💥');
    expect(block.body.range).toEqual(r(2, 0, 2, 4));
  });
});

describe('parseJobFile: payloads', () => {
  it('reads @file with the exact path range and warns about ignored lines', () => {
    const { block, problems } = only('SUBMIT count_lines\n\n  @ data/lines.txt  \nmore\n');
    expect(block.body).toEqual({
      kind: 'file',
      path: 'data/lines.txt',
      pathRange: r(2, 4, 2, 18),
      range: r(2, 0, 3, 4),
    });
    expect(problems).toEqual([
      {
        range: r(3, 0, 3, 4),
        severity: 'warning',
        code: 'ignored-after-file',
        message: expect.stringContaining('ignored'),
      },
    ]);
  });

  it('flags an @ without a path', () => {
    const { problems } = only('SUBMIT f\n\n@\n');
    expect(problems).toEqual([
      {
        range: r(2, 0, 2, 1),
        severity: 'error',
        code: 'empty-file-path',
        message: expect.stringContaining('file path'),
      },
    ]);
  });

  it('sends @text as text when content-type is text', () => {
    const { block } = only('SUBMIT f\ncontent-type: text\n\n@someone hello\n');
    expect(block.body).toMatchObject({ kind: 'text', text: '@someone hello' });
  });

  it('detects JSON, and only informs when undeclared JSON does not parse', () => {
    expect(only('SUBMIT f\n\n[1, 2]\n').block.body.kind).toBe('json');
    const { block, problems } = only('SUBMIT f\n\n{"a": }\n');
    expect(block.body.kind).toBe('text');
    expect(problems).toEqual([
      {
        range: r(2, 6, 2, 7),
        severity: 'information',
        code: 'json-looks-invalid',
        message: expect.stringContaining('content-type: json'),
      },
    ]);
  });

  it('makes invalid declared JSON an error at the failing character', () => {
    const { block, problems } = only('SUBMIT f\ncontent-type: json\n\n{\n  "a": 1,\n  "b": x\n}\n');
    expect(block.body.kind).toBe('json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', code: 'invalid-json', range: r(5, 7, 5, 8) });
    expect(problems[0].message).toMatch(/^the payload is declared JSON but does not parse: /);
    expect(only('SUBMIT f\ncontent-type: json\n').problems.map((p) => p.code)).toEqual(['invalid-json']);
    expect(codes(only('SUBMIT f\ncontent-type: application/json\n\nhello\n').problems)).toEqual(['invalid-json']);
  });

  it('reads base64 bodies and rejects bad ones', () => {
    expect(only('SUBMIT f\ncontent-type: base64\n\naGVs\nbG8=\n').block.body).toMatchObject({
      kind: 'base64',
      text: 'aGVs\nbG8=',
    });
    expect(codes(only('SUBMIT f\ncontent-type: base64\n\nnot base64!\n').problems)).toEqual(['invalid-base64']);
  });

  it('keeps inner blank lines and comment-looking lines in the payload', () => {
    expect(only('SUBMIT f\n\n\n\na\n\n# not a comment\n\n\n').block.body.text).toBe('a\n\n# not a comment');
  });
});
