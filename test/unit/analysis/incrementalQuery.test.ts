// The query pass after an edit runs only over the changed lines (incremental.ts): whatever the
// edits, sites read after EACH edit must equal a whole-tree query of the same tree. (Not a fresh
// parse: after edits that break the syntax, tree-sitter's incremental parse may recover
// differently from a fresh one, which is tree-sitter's business, not this cache's.)
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentTrees } from '../../../server/src/analysis';
import { positionAt } from '../../../server/src/analysis/textPositions';
import { loadFixture, makeAnalyzer } from './support';

const analyzer = makeAnalyzer();
const docs = new DocumentTrees(analyzer);
afterAll(() => {
  docs.dispose();
  analyzer.dispose();
});

const FRAGMENTS = [
  '"', "'", '\n', '(', ')', ',', '//', '/*', '*/', '#', 'x', 'é😀', '', '\n\n',
  ' $c->doNormal("new_name", 1); ', '$client = new Net_Gearman_Client($s);\n', "submit_job('py')", 'submitJob("js", d)', 'c.Do("go", d)',
];

const edit = (len: number) =>
  fc.tuple(fc.nat({ max: len }), fc.nat({ max: 30 }), fc.constantFrom(...FRAGMENTS), fc.boolean()).map(([at, del, text, batch]) => ({ at, del, text, batch }));

const FILES = [
  ['php-pecl.php', 'php'], ['php-net-gearman.php', 'php'], ['php-gearman-bundle.php', 'php'], ['python-gearman.py', 'python'],
  ['go-gearman.go', 'go'], ['js-gearmanode.js', 'javascript'], ['ruby-gearman.rb', 'ruby'], ['shell-gearman-cli.sh', 'shellscript'],
  ['c-libgearman.c', 'c'], ['java-gearman-java.java', 'java'],
] as const;

describe('incremental query pass', () => {
  for (const [file, languageId] of FILES) {
    it(`matches a full extraction after every edit: ${file}`, async () => {
      const base = loadFixture(file).text;
      await fc.assert(
        fc.asyncProperty(fc.array(edit(base.length), { minLength: 1, maxLength: 6 }), async (edits) => {
          const uri = `file:///inc/${file}`;
          await docs.open(uri, languageId, base);
          docs.sites(uri); // primes the cached extraction the edits then shift
          let text = base;
          for (const e of edits) {
            const start = Math.min(e.at, text.length);
            const end = Math.min(start + e.del, text.length);
            const range = { start: positionAt(text, start), end: positionAt(text, end) };
            docs.change(uri, [{ range, text: e.text }]);
            text = text.slice(0, start) + e.text + text.slice(end);
            // Sometimes several edits pile up before anyone reads the sites.
            if (!e.batch) expect(docs.sites(uri)).toEqual(docs.fullSites(uri));
          }
          expect(docs.text(uri)).toBe(text);
          expect(docs.sites(uri)).toEqual(docs.fullSites(uri));
          docs.close(uri);
        }),
        { numRuns: 20 },
      );
    });
  }

  it('re-reads magic-method calls elsewhere when a binding appears or goes (Net_Gearman)', async () => {
    const uri = 'file:///inc/magic.php';
    const text = "<?php\n$client->resize_image($a);\n$other = 1;\n";
    await docs.open(uri, 'php', text);
    expect(docs.sites(uri)).toEqual([]);
    docs.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } }, text: '$client = new Net_Gearman_Client($s);' }]);
    expect(docs.sites(uri)?.map((s) => s.name)).toEqual(['resize_image']);
    docs.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 37 } }, text: '' }]);
    expect(docs.sites(uri)).toEqual([]);
    docs.close(uri);
  });
});
