import { describe, expect, it } from 'vitest';
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import { completions, type CompletionContext } from '../../../../server/src/jobfile/features';

const ctx: CompletionContext = {
  functions: [{ name: 'resize_image', detail: '2 workers', documentation: 'on **local**' }, { name: 'count lines' }],
  servers: ['local', 'prod'],
};
/** Completes at the `|` in `text`. */
const at = (textWithCursor: string, c: CompletionContext = ctx): CompletionItem[] => {
  const offset = textWithCursor.indexOf('|');
  const before = textWithCursor.slice(0, offset).split('\n');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return completions(text, { line: before.length - 1, character: before[before.length - 1].length }, c);
};
const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('completions', () => {
  it('offers function names after SUBMIT, replacing the partial word and quoting names with spaces', () => {
    const items = at('### x\nSUBMIT res|ize_old\n');
    expect(items).toEqual([
      {
        label: 'resize_image',
        kind: CompletionItemKind.Function,
        detail: '2 workers',
        documentation: { kind: 'markdown', value: 'on **local**' },
        textEdit: {
          range: { start: { line: 1, character: 7 }, end: { line: 1, character: 17 } },
          newText: 'resize_image',
        },
      },
      {
        label: 'count lines',
        kind: CompletionItemKind.Function,
        textEdit: {
          range: { start: { line: 1, character: 7 }, end: { line: 1, character: 17 } },
          newText: '"count lines"',
        },
      },
    ]);
    expect(labels(at('submit |'))).toEqual(['resize_image', 'count lines']);
  });

  it('offers SUBMIT where a block starts', () => {
    expect(labels(at('|'))).toEqual(['SUBMIT']);
    expect(labels(at('### one\n# note\n\nSU|'))).toEqual(['SUBMIT']);
    const [item] = at('SUBMIT a\n\nbody\n###\nsub|');
    expect(item.textEdit).toEqual({
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 3 } },
      newText: 'SUBMIT ',
    });
  });

  it('offers header keys as snippets below the request line, leaving out keys already there', () => {
    const items = at('SUBMIT a\npriority: high\n# c\n|\nrepeat: 2\n\nbody');
    expect(labels(items)).toEqual(['server', 'background', 'unique', 'epoch', 'timeout', 'content-type']);
    expect(items[0]).toMatchObject({
      kind: CompletionItemKind.Property,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { newText: 'server: $0' },
    });
    expect(at('SUBMIT a\npri|').find((i) => i.label === 'priority')).toMatchObject({
      label: 'priority',
      textEdit: {
        newText: 'priority: ${1|normal,high,low|}',
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
      },
    });
  });

  it('offers values for enum headers and server names', () => {
    expect(labels(at('SUBMIT a\npriority: |'))).toEqual(['high', 'normal', 'low']);
    expect(labels(at('SUBMIT a\nbackground: t|'))).toEqual(['true', 'false']);
    expect(labels(at('SUBMIT a\nserver: |'))).toEqual(['local', 'prod', 'all']);
    expect(labels(at('SUBMIT a\ncontent-type: |'))).toEqual(['json', 'text', 'base64']);
    expect(at('SUBMIT a\npriority: hi|gh')[0].textEdit).toEqual({
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 14 } },
      newText: 'high',
    });
  });

  it('offers nothing in the payload, in comments or on separators', () => {
    expect(at('SUBMIT a\n\npri|')).toEqual([]);
    expect(at('SUBMIT a\n\npriority: |')).toEqual([]);
    expect(at('SUBMIT a\n# pri|')).toEqual([]);
    expect(at('###|')).toEqual([]);
    expect(at('SUBMIT a\n\nbody\n\n|')).toEqual([]);
  });

  it('survives positions past the end', () => {
    expect(completions('SUBMIT a', { line: 5, character: 0 }, ctx)).toEqual([]);
  });
});
