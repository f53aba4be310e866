// Open documents keep their tree across LSP edits; whatever the edits, the sites must equal a
// fresh whole-file extraction of the same text.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentTrees } from '../../../../server/src/analysis';
import { positionAt } from '../../../../server/src/analysis/textPositions';
import { loadFixture, makeAnalyzer } from './support';

const analyzer = makeAnalyzer();
const docs = new DocumentTrees(analyzer);
afterAll(() => {
  docs.dispose();
  analyzer.dispose();
});

const FRAGMENTS = [
  '"',
  "'",
  '\n',
  '(',
  ')',
  ',',
  '//',
  '/*',
  '*/',
  '#',
  'x',
  'é😀',
  ' $c->doNormal("new_name", 1); ',
  "submit_job('py')",
  '-f wc ',
  '',
];

const edit = (len: number) =>
  fc
    .tuple(fc.nat({ max: len }), fc.nat({ max: 12 }), fc.constantFrom(...FRAGMENTS))
    .map(([at, del, text]) => ({ at, del, text }));

for (const [file, languageId] of [
  ['php-pecl.php', 'php'],
  ['python-gearman.py', 'python'],
  ['shell-gearman-cli.sh', 'shellscript'],
  ['perl-gearman-client.pl', 'perl'],
] as const) {
  describe(`incremental edits: ${file}`, () => {
    it('gives the same sites as a full re-parse after any sequence of edits', async () => {
      const base = loadFixture(file).text;
      await fc.assert(
        fc.asyncProperty(fc.array(edit(base.length), { minLength: 1, maxLength: 6 }), async (edits) => {
          const uri = `file:///${file}`;
          await docs.open(uri, languageId, base);
          let text = base;
          for (const e of edits) {
            const start = Math.min(e.at, text.length);
            const end = Math.min(start + e.del, text.length);
            const range = { start: positionAt(text, start), end: positionAt(text, end) };
            docs.change(uri, [{ range, text: e.text }]);
            text = text.slice(0, start) + e.text + text.slice(end);
          }
          expect(docs.text(uri)).toBe(text);
          expect(docs.sites(uri)).toEqual(await analyzer.extract(languageId, text));
          docs.close(uri);
        }),
        { numRuns: 25 },
      );
    });
  });
}

describe('incremental edits: batches and large files', () => {
  it('applies several changes of one notification in order, and whole-text replacements', async () => {
    const uri = 'file:///batch.js';
    await docs.open(uri, 'javascript', "client.submitJob('a');\nworker.addFunction('b', f);\n");
    docs.change(uri, [
      { range: { start: { line: 0, character: 18 }, end: { line: 0, character: 19 } }, text: 'alpha' },
      { range: { start: { line: 1, character: 20 }, end: { line: 1, character: 21 } }, text: 'beta' },
    ]);
    expect(docs.sites(uri)?.map((s) => [s.name, s.range.start.character])).toEqual([
      ['alpha', 18],
      ['beta', 20],
    ]);
    docs.change(uri, [{ text: "client.submitJobBg('whole');" }]);
    expect(docs.sites(uri)?.map((s) => s.name)).toEqual(['whole']);
    docs.close(uri);
    expect(docs.sites(uri)).toBeUndefined();
  });

  it('keeps the sites an edit does not reach as the same objects, and moves the ones below it', async () => {
    const uri = 'file:///keep.js';
    await docs.open(uri, 'javascript', "client.submitJob('a');\nclient.submitJob('b');\nclient.submitJob('c');\n");
    const [a, b, c] = docs.sites(uri)!;
    docs.change(uri, [{ range: { start: { line: 1, character: 18 }, end: { line: 1, character: 19 } }, text: 'beta' }]);
    const renamed = docs.sites(uri)!;
    expect(renamed[0]).toBe(a);
    expect(renamed[2]).toBe(c);
    expect(renamed[1]).toMatchObject({ name: 'beta' });
    expect(b.name).toBe('b'); // sites already handed out are never changed
    docs.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }]);
    const moved = docs.sites(uri)!;
    expect(moved[0]).toBe(a);
    expect(moved.map((s) => [s.name, s.range.start.line])).toEqual([
      ['a', 0],
      ['beta', 2],
      ['c', 3],
    ]);
    expect(c.range.start.line).toBe(2);
    expect(moved).toEqual(docs.fullSites(uri));
    docs.close(uri);
  });

  it('re-parses a one-line edit in a 20k-line file to the same result as a full parse', async () => {
    const lines: string[] = ['<?php'];
    for (let i = 0; i < 20_000; i++)
      lines.push(i % 100 === 0 ? `$c->doBackground("job_${i}", $d);` : `$x${i} = strlen("filler ${i}");`);
    const text = lines.join('\n');
    const uri = 'file:///big.php';
    await docs.open(uri, 'php', text);
    expect(docs.sites(uri)).toHaveLength(200);
    const line = 10_000;
    docs.change(uri, [
      {
        range: { start: { line, character: 0 }, end: { line, character: lines[line].length } },
        text: '$c->doNormal("inserted", $d);',
      },
    ]);
    const after = docs.text(uri)!;
    const sites = docs.sites(uri)!;
    expect(sites).toHaveLength(201);
    expect(sites.find((s) => s.name === 'inserted')?.range.start).toEqual({ line, character: 14 });
    expect(sites).toEqual(await analyzer.extract('php', after));
    docs.close(uri);
  });

  it('follows pattern changes for open documents', async () => {
    const uri = 'file:///wrap.rb';
    await docs.open(uri, 'ruby', "queue.push_job('thumb')\n");
    expect(docs.sites(uri)).toEqual([]);
    analyzer.setUserPatterns([{ language: 'ruby', call: 'push_job', argument: 0, role: 'submit' }]);
    expect(docs.sites(uri)?.map((s) => s.name)).toEqual(['thumb']);
    analyzer.setUserPatterns([]);
    docs.close(uri);
  });

  it('keeps unsupported languages out without failing', async () => {
    await docs.open('file:///notes.txt', 'plaintext', 'submitJob("x")');
    expect(docs.sites('file:///notes.txt')).toBeUndefined();
    docs.change('file:///notes.txt', [{ text: 'y' }]);
    expect(docs.nameSlotAt('file:///notes.txt', { line: 0, character: 0 })).toBeNull();
    docs.close('file:///notes.txt');
  });
});
