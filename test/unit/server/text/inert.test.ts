// One sanitiser for text from outside: labels, markdown, code spans, names a quick fix inserts.
import { describe, expect, it } from 'vitest';
import { codeSpan, hasHiddenCharacters, inert, isPlainName, markdownText } from '../../../../server/src/text/inert';

describe('inert text', () => {
  it('shows bidi controls, zero-width characters and controls as escapes, so a name reads as what it is', () => {
    expect(inert('resize\u202Eegami_')).toBe('resize\\u202Eegami_');
    expect(inert('a\u200Bb\u2066c\u200Fd\uFEFF')).toBe('a\\u200Bb\\u2066c\\u200Fd\\uFEFF');
    expect(inert('\u001b[31mred\u0000')).toBe('\\x1B[31mred\\x00');
    expect(inert('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(hasHiddenCharacters('resize\u202Eegami_')).toBe(true);
    expect(hasHiddenCharacters('resize_image')).toBe(false);
  });

  it('escapes every markdown construct: links, images, code spans, emphasis, HTML', () => {
    const hostile = '`x` [click](https://evil.example) ![i](https://evil.example/p.png) **b** <img src=x> # h';
    const md = markdownText(hostile);
    expect(md).not.toMatch(/(?<!\\)[`[\]()!*<>#]/);
    expect(md.replace(/\\(.)/g, '$1')).toBe(hostile);
  });

  it('fences a code span with a longer backtick run than the text holds', () => {
    expect(codeSpan('a``b')).toBe('```a``b```');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('plain')).toBe('`plain`');
  });

  it('lets a quick fix insert only plain names', () => {
    expect(isPlainName('resize_image')).toBe(true);
    for (const bad of ['a"b', "a'b", 'a`b', 'a\\b', 'a$b', 'a\u202Eb', 'a\nb', '', 'x'.repeat(201)])
      expect(isPlainName(bad)).toBe(false);
  });
});
