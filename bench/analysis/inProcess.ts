// In-process timings of the analysis library: a full tree-sitter parse and query of the large
// file, the benchmark's edits (each against its floor, tree-sitter's incremental reparse of the
// same edit) and a cold workspace index against parsing every file.
import { readFileSync } from 'node:fs';
import type { Tree } from 'web-tree-sitter';
import { CallSiteAnalyzer, DocumentTrees, sourceAnalysisPaths } from '../../server/src/analysis';
import { loadLanguage } from '../../server/src/analysis/grammars';
import { advance, offsetAt } from '../../server/src/analysis/textPositions';
import { excluder, walkFiles } from '../../server/src/features/callSites/fileWalk';
import { WorkspaceIndex } from '../../server/src/features/callSites/workspaceIndex';
import { median } from '../results';
import { applyEdit, type BenchEdit, type EditKind } from './edits';

const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

/** Full parse and full query of the large file (medians), and how many call sites it holds. */
export interface FullPass {
  runs: number;
  parseMs: number;
  queryMs: number;
  sites: number;
}

/** Parses and queries the whole of `text` `runs` times after two warm-up runs. */
export async function fullPass(root: string, text: string, runs: number): Promise<FullPass> {
  const analyzer = new CallSiteAnalyzer(sourceAnalysisPaths(root));
  await analyzer.ready('php');
  const spec = analyzer.spec('php')!;
  const parse: number[] = [];
  const query: number[] = [];
  let sites = 0;
  for (let i = 0; i < runs + 2; i++) {
    let tree: Tree | undefined;
    const p = time(() => {
      tree = analyzer.parse(spec, text);
    });
    const q = time(() => {
      sites = analyzer.refs(spec, text, tree).length;
    });
    tree?.delete();
    if (i >= 2) {
      parse.push(p);
      query.push(q);
    } // the first runs warm up the wasm JIT
  }
  analyzer.dispose();
  return { runs, parseMs: median(parse), queryMs: median(query), sites };
}

/** One measured edit in process. */
export interface EditSample {
  kind: EditKind;
  /** tree.edit + parser.parse(newText, oldTree) with web-tree-sitter alone: the floor. */
  floorMs: number;
  /** DocumentTrees.change: the same reparse plus keeping the cached sites and changed lines. */
  changeMs: number;
  /** DocumentTrees.sites after it: the query over the changed lines and the sites. */
  sitesMs: number;
  /** Whole-tree query of the edited tree, for comparison with the incremental one. */
  fullQueryMs: number;
}

/** Applies `warmup` then `plan` to the file, with DocumentTrees and with bare web-tree-sitter side by side. */
export async function editsInProcess(
  root: string,
  text: string,
  warmup: BenchEdit[],
  plan: BenchEdit[],
): Promise<EditSample[]> {
  const paths = sourceAnalysisPaths(root);
  const analyzer = new CallSiteAnalyzer(paths);
  await analyzer.ready('php');
  const bare = await loadLanguage(analyzer.spec('php')!, paths.grammarDir, paths.runtimeWasm);
  const docs = new DocumentTrees(analyzer);
  const uri = 'file:///bench/big.php';
  await docs.open(uri, 'php', text);
  docs.sites(uri);
  let floorText = text;
  let floorTree = bare.parser.parse(text)!;
  const out: EditSample[] = [];
  for (const [i, e] of [...warmup, ...plan].entries()) {
    const next = applyEdit(floorText, e);
    const start = offsetAt(floorText, e.range.start);
    const edit = {
      startIndex: start,
      oldEndIndex: offsetAt(floorText, e.range.end),
      newEndIndex: start + e.text.length,
      startPosition: point(e.range.start),
      oldEndPosition: point(e.range.end),
      newEndPosition: point(advance(e.range.start, e.text)),
    };
    const floor = () =>
      time(() => {
        floorTree.edit(edit);
        const tree = bare.parser.parse(next, floorTree)!;
        floorTree.delete();
        floorTree = tree;
      });
    let floorMs = 0;
    // Alternate which goes first, so drift on this shared machine hits both alike.
    if (i % 2) floorMs = floor();
    const changeMs = time(() => docs.change(uri, [{ range: e.range, text: e.text }]));
    const sitesMs = time(() => docs.sites(uri));
    if (i % 2 === 0) floorMs = floor();
    floorText = next;
    const fullQueryMs = time(() => docs.fullSites(uri));
    if (i >= warmup.length) out.push({ kind: e.kind, floorMs, changeMs, sitesMs, fullQueryMs });
  }
  if (docs.text(uri) !== floorText)
    throw new Error('the document and the bare tree-sitter copy diverged: the edits were not the same');
  const incremental = docs.sites(uri)!.length;
  const full = docs.fullSites(uri)!.length;
  if (incremental !== full)
    throw new Error(`after the edits the incremental pass has ${incremental} sites, a full query ${full}`);
  floorTree.delete();
  bare.parser.delete();
  bare.query.delete();
  docs.dispose();
  analyzer.dispose();
  return out;
}

function point(p: { line: number; character: number }): { row: number; column: number } {
  return { row: p.line, column: p.character };
}

/** Timings for a cold index of a workspace folder (medians over `runs`). */
export interface IndexTimes {
  runs: number;
  files: number;
  parseOnlyMs: number;
  readParseMs: number;
  indexMs: number;
  sites: number;
}

/** Parse time of every file (read + parse, and parse alone) against WorkspaceIndex.rebuild, alternating; asserts every site was found. */
export async function coldIndex(root: string, dir: string, runs: number, expectedSites: number): Promise<IndexTimes> {
  const analyzer = new CallSiteAnalyzer(sourceAnalysisPaths(root));
  const none = excluder([]);
  const files: { path: string; lang: string }[] = [];
  for await (const f of walkFiles([dir], none, (p) => analyzer.languageForPath(p) !== undefined))
    files.push({ path: f.path, lang: analyzer.languageForPath(f.path)! });
  for (const l of new Set(files.map((f) => f.lang))) await analyzer.ready(l);
  const parseOnly: number[] = [];
  const readParse: number[] = [];
  const index: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    let p = 0;
    const t0 = performance.now();
    for (const f of files) {
      const text = readFileSync(f.path, 'utf8');
      const spec = analyzer.spec(f.lang)!;
      const t = performance.now();
      const tree = analyzer.parse(spec, text);
      p += performance.now() - t;
      tree?.delete();
    }
    const rp = performance.now() - t0;
    const idx = new WorkspaceIndex(analyzer);
    const t1 = performance.now();
    const stats = await idx.rebuild([dir], none);
    const im = performance.now() - t1;
    if (stats.sites !== expectedSites)
      throw new Error(`the index of ${dir} found ${stats.sites} call sites; the generator wrote ${expectedSites}`);
    if (r > 0) {
      parseOnly.push(p);
      readParse.push(rp);
      index.push(im);
    } // run 0 warms up
  }
  analyzer.dispose();
  return {
    runs,
    files: files.length,
    parseOnlyMs: median(parseOnly),
    readParseMs: median(readParse),
    indexMs: median(index),
    sites: expectedSites,
  };
}
