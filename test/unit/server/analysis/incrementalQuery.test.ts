// The query pass after an edit runs only over the changed lines (incremental.ts): whatever the
// edits, sites read after EACH edit must equal a whole-tree query of the same tree. (Not a fresh
// parse: after edits that break the syntax, tree-sitter's incremental parse may recover
// differently from a fresh one, which is tree-sitter's business, not this cache's.)
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
  '',
  '\n\n',
  ' $c->doNormal("new_name", 1); ',
  '$client = new Net_Gearman_Client($s);\n',
  "submit_job('py')",
  'submitJob("js", d)',
  'c.Do("go", d)',
  // Constants: a definition appears, changes or goes, a use appears, a class is renamed.
  "const RESIZE = 'changed';\n",
  "RESIZE = 'changed'\n",
  'static final String RESIZE = "changed";\n',
  '$c->doNormal(RESIZE);',
  'submit_job(RESIZE)',
  'class Renamed',
  'self::SEND',
  'Jobs::THUMB',
  'Renamed',
];

const edit = (len: number) =>
  fc
    .tuple(fc.nat({ max: len }), fc.nat({ max: 30 }), fc.constantFrom(...FRAGMENTS), fc.boolean())
    .map(([at, del, text, batch]) => ({ at, del, text, batch }));

const FILES = [
  ['php-pecl.php', 'php'],
  ['php-net-gearman.php', 'php'],
  ['php-gearman-bundle.php', 'php'],
  ['python-gearman.py', 'python'],
  ['go-gearman.go', 'go'],
  ['js-gearmanode.js', 'javascript'],
  ['ruby-gearman.rb', 'ruby'],
  ['shell-gearman-cli.sh', 'shellscript'],
  ['c-libgearman.c', 'c'],
  ['java-gearman-java.java', 'java'],
  ['constants.php', 'php'],
  ['constants.py', 'python'],
  ['Constants.java', 'java'],
  ['constants.rb', 'ruby'],
  ['constants.c', 'c'],
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
    const text = '<?php\n$client->resize_image($a);\n$other = 1;\n';
    await docs.open(uri, 'php', text);
    expect(docs.sites(uri)).toEqual([]);
    docs.change(uri, [
      {
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } },
        text: '$client = new Net_Gearman_Client($s);',
      },
    ]);
    expect(docs.sites(uri)?.map((s) => s.name)).toEqual(['resize_image']);
    docs.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 37 } }, text: '' }]);
    expect(docs.sites(uri)).toEqual([]);
    docs.close(uri);
  });

  it('resolves self:: by the class name of now, even when the class was renamed before any constant existed', async () => {
    const uri = 'file:///inc/self.php';
    const text = '<?php\nclass Jobs {\n  function f($c) {\n    $c->doNormal(self::A);\n  }\n}\n';
    await docs.open(uri, 'php', text);
    expect(docs.sites(uri)).toEqual([]);
    docs.change(uri, [{ range: { start: { line: 1, character: 6 }, end: { line: 1, character: 10 } }, text: 'Other' }]);
    expect(docs.sites(uri)).toEqual([]);
    // The constant comes on a line of its own, away from the class name.
    docs.change(uri, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: "  const A = 'first';\n" },
    ]);
    expect(docs.sites(uri)?.map((s) => [s.name, s.range.start.line])).toEqual([['first', 4]]);
    expect(docs.sites(uri)).toEqual(docs.fullSites(uri));
    docs.close(uri);
  });

  it('re-reads constant uses on other lines when a constant changes or its class is renamed', async () => {
    const uri = 'file:///inc/consts.php';
    const text = "<?php\nclass Jobs {\n  const A = 'first';\n}\n$c->doNormal(Jobs::A);\n$c->doNormal(Other::A);\n";
    await docs.open(uri, 'php', text);
    expect(docs.sites(uri)?.map((s) => s.name)).toEqual(['first']);
    docs.change(uri, [
      { range: { start: { line: 2, character: 13 }, end: { line: 2, character: 18 } }, text: 'second' },
    ]);
    expect(docs.sites(uri)?.map((s) => [s.name, s.range.start.line])).toEqual([['second', 4]]);
    // `class Jobs` becomes `class Other`: Jobs::A no longer resolves, Other::A does.
    docs.change(uri, [{ range: { start: { line: 1, character: 6 }, end: { line: 1, character: 10 } }, text: 'Other' }]);
    expect(docs.sites(uri)?.map((s) => [s.name, s.range.start.line])).toEqual([['second', 5]]);
    expect(docs.sites(uri)).toEqual(docs.fullSites(uri));
    docs.close(uri);
  });
});
