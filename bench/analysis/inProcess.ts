// In-process timings of the analysis library: tree-sitter parse (the floor), full query, one-line
// edits through DocumentTrees, and a cold workspace index against parsing every file.
import { readFileSync } from 'node:fs';
import { CallSiteAnalyzer, DocumentTrees, sourceAnalysisPaths } from '../../server/src/analysis';
import { excluder, walkFiles } from '../../server/src/features/callSites/fileWalk';
import { WorkspaceIndex } from '../../server/src/features/callSites/workspaceIndex';

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The p-th percentile (0..100), nearest rank. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

/** Timings for the large PHP file. */
export interface BigFileTimes {
  parseMs: number;
  queryMs: number;
  editParseMs: number;
  editSitesMs: number;
  editFullQueryMs: number;
  sites: number;
}

/** Full parse, full query, and one-line edits (incremental parse + incremental query) of `text`. */
export async function bigFile(root: string, text: string, rounds: number): Promise<BigFileTimes> {
  const analyzer = new CallSiteAnalyzer(sourceAnalysisPaths(root));
  await analyzer.ready('php');
  const spec = analyzer.spec('php')!;
  const parse: number[] = [];
  const query: number[] = [];
  for (let i = 0; i < rounds + 2; i++) {
    let tree = analyzer.parse(spec, text)!;
    const p = time(() => { tree.delete(); tree = analyzer.parse(spec, text)!; });
    const q = time(() => analyzer.refs(spec, text, tree));
    tree.delete();
    if (i >= 2) { parse.push(p); query.push(q); } // the first runs warm up the wasm JIT
  }
  const docs = new DocumentTrees(analyzer);
  const uri = 'file:///bench/big.php';
  await docs.open(uri, 'php', text);
  const sites = docs.sites(uri)!.length;
  const lines = text.split('\n');
  const callLines = lines.map((l, i) => (l.includes("doBackground('") ? i : -1)).filter((i) => i >= 0);
  const editParse: number[] = [];
  const editSites: number[] = [];
  const editFull: number[] = [];
  for (let i = 0; i < rounds * 3; i++) {
    const line = callLines[Math.floor((callLines.length * (i + 0.5)) / (rounds * 3))];
    const col = lines[line].indexOf("('") + 2;
    const range = { start: { line, character: col }, end: { line, character: col + 6 } };
    const replacement = i % 2 ? 'resize' : 'RESIZE';
    editParse.push(time(() => docs.change(uri, [{ range, text: replacement }])));
    editSites.push(time(() => docs.sites(uri)));
    editFull.push(time(() => docs.fullSites(uri)));
  }
  docs.dispose();
  analyzer.dispose();
  return { parseMs: median(parse), queryMs: median(query), editParseMs: median(editParse), editSitesMs: median(editSites), editFullQueryMs: median(editFull), sites };
}

/** Timings for a cold index of a workspace folder. */
export interface IndexTimes {
  files: number;
  parseOnlyMs: number;
  readParseMs: number;
  indexMs: number;
  sites: number;
}

/** Parse time of every file (read + parse, and parse alone) against WorkspaceIndex.rebuild, alternating. */
export async function coldIndex(root: string, dir: string, rounds: number): Promise<IndexTimes> {
  const analyzer = new CallSiteAnalyzer(sourceAnalysisPaths(root));
  const none = excluder([]);
  const files: { path: string; lang: string }[] = [];
  for await (const f of walkFiles([dir], none, (p) => analyzer.languageForPath(p) !== undefined)) files.push({ path: f.path, lang: analyzer.languageForPath(f.path)! });
  for (const l of new Set(files.map((f) => f.lang))) await analyzer.ready(l);
  const parseOnly: number[] = [];
  const readParse: number[] = [];
  const index: number[] = [];
  let sites = 0;
  for (let r = 0; r < rounds + 1; r++) {
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
    sites = stats.sites;
    if (r > 0) { parseOnly.push(p); readParse.push(rp); index.push(im); } // round 0 warms up
  }
  analyzer.dispose();
  return { files: files.length, parseOnlyMs: median(parseOnly), readParseMs: median(readParse), indexMs: median(index), sites };
}
