// Edit to diagnostics in a 20,000-line PHP file, in process, as NameDiagnostics runs it for an
// open document (DocumentTrees.change, .sites, WorkspaceIndex.setOpen, checkSites with the
// server's memo), against the floor: tree-sitter's own incremental reparse of the same edit on a
// parser of its own. Three kinds of edit, as the analysis benchmark makes them: a same-length
// rename inside a name, a line with a new call inserted, and that line deleted again.
import type { Tree } from 'web-tree-sitter';
import { CallSiteAnalyzer, DocumentTrees, sourceAnalysisPaths } from '../../server/src/analysis';
import { loadLanguage } from '../../server/src/analysis/grammars';
import { advance, offsetAt } from '../../server/src/analysis/textPositions';
import { CheckMemo, checkSites } from '../../server/src/features/callSites/diagnose';
import { LiveView } from '../../server/src/features/callSites/liveView';
import { checkContext } from '../../server/src/features/callSites/workspaceChecks';
import { WorkspaceIndex } from '../../server/src/features/callSites/workspaceIndex';
import { bigPhp } from '../analysis/generate';

/** Kinds of edit measured, in the order they are made. */
export const EDIT_KINDS = ['rename', 'insert line', 'delete line'] as const;
type Kind = (typeof EDIT_KINDS)[number];

/** Medians for one kind of edit, with every sample. */
export interface EditFigures {
  kind: Kind;
  edits: number;
  floorMs: number;
  totalMs: number;
  /** DocumentTrees.change (our reparse included), .sites, and setOpen + checkSites. */
  changeMs: number;
  sitesMs: number;
  checksMs: number;
  samples: { floor: number[]; change: number[]; sites: number[]; checks: number[] };
}

const INSERTED = "        $client->doBackground('inserted_job', $payload);\n";

const mid = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** `perKind` edits of each kind (after a warm-up of as many), spread over the file; asserts the sites and diagnostics equal a full pass's. */
export async function editToDiagnostics(
  root: string,
  perKind: number,
): Promise<{ kinds: EditFigures[]; lines: number; sites: number; diagnostics: number }> {
  const text = bigPhp(20000);
  const paths = sourceAnalysisPaths(root);
  const analyzer = new CallSiteAnalyzer(paths);
  await analyzer.ready('php');
  const bare = await loadLanguage(analyzer.spec('php')!, paths.grammarDir, paths.runtimeWasm);
  const docs = new DocumentTrees(analyzer);
  const uri = 'file:///bench/Big.php';
  await docs.open(uri, 'php', text);
  const index = new WorkspaceIndex(analyzer);
  const memo = new CheckMemo();
  const context = () =>
    checkContext(index, new LiveView([], Date.now(), 0), { knownFunctions: [], unknownSeverity: 'error' }, (u) => u, {
      offline: true,
    });
  index.setOpen(uri, docs.sites(uri)!);
  checkSites(docs.sites(uri)!, context(), memo, uri);
  let floorText = text;
  let floorTree: Tree = bare.parser.parse(text)!;
  const lines = text.split('\n');
  const callLines = lines.map((l, i) => (l.includes("doBackground('resize") ? i : -1)).filter((i) => i >= 0);
  const figures = new Map(
    EDIT_KINDS.map((k) => [
      k,
      { floor: [] as number[], change: [] as number[], sites: [] as number[], checks: [] as number[] },
    ]),
  );
  let n = 0;
  for (let i = 0; i < 2 * perKind; i++) {
    const line = callLines[Math.floor((callLines.length * ((i % perKind) + (i < perKind ? 0.25 : 0.75))) / perKind)];
    const col = lines[line].indexOf("('") + 2;
    const edits: [
      Kind,
      { start: { line: number; character: number }; end: { line: number; character: number } },
      string,
    ][] = [
      ['rename', { start: { line, character: col }, end: { line, character: col + 6 } }, i % 2 ? 'resize' : 'RESIZE'],
      ['insert line', { start: { line, character: 0 }, end: { line, character: 0 } }, INSERTED],
      ['delete line', { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, ''],
    ];
    for (const [kind, range, replacement] of edits) {
      const start = offsetAt(floorText, range.start);
      const oldEnd = offsetAt(floorText, range.end);
      const next = floorText.slice(0, start) + replacement + floorText.slice(oldEnd);
      const edit = {
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: start + replacement.length,
        startPosition: point(range.start),
        oldEndPosition: point(range.end),
        newEndPosition: point(advance(range.start, replacement)),
      };
      const floor = () => {
        const t = performance.now();
        floorTree.edit(edit);
        const tree = bare.parser.parse(next, floorTree)!;
        floorTree.delete();
        floorTree = tree;
        return performance.now() - t;
      };
      // Alternate which goes first, so drift on this shared machine hits both alike.
      const floorFirst = n++ % 2 === 0;
      const f = floorFirst ? floor() : 0;
      const t0 = performance.now();
      docs.change(uri, [{ range, text: replacement }]);
      const t1 = performance.now();
      const sites = docs.sites(uri)!;
      const t2 = performance.now();
      index.setOpen(uri, sites);
      memo.nextPass();
      checkSites(sites, context(), memo, uri);
      const t3 = performance.now();
      const fl = floorFirst ? f : floor();
      floorText = next;
      if (i < perKind) continue; // warm-up
      const x = figures.get(kind)!;
      x.floor.push(fl);
      x.change.push(t1 - t0);
      x.sites.push(t2 - t1);
      x.checks.push(t3 - t2);
    }
  }
  if (docs.text(uri) !== floorText)
    throw new Error('the document and the bare tree-sitter copy diverged: the edits were not the same');
  const sites = docs.sites(uri)!;
  if (JSON.stringify(sites) !== JSON.stringify(docs.fullSites(uri)))
    throw new Error('after the edits the incremental sites differ from a full pass over the same tree');
  const diagnostics = checkSites(sites, context(), memo, uri);
  if (JSON.stringify(diagnostics) !== JSON.stringify(checkSites(sites, context())))
    throw new Error('the diagnostics kept across edits differ from a fresh check');
  floorTree.delete();
  bare.parser.delete();
  bare.query.delete();
  docs.dispose();
  analyzer.dispose();
  const kinds = EDIT_KINDS.map((kind) => {
    const x = figures.get(kind)!;
    const [change, sitesMs, checks] = [mid(x.change), mid(x.sites), mid(x.checks)];
    const total = x.change.map((c, j) => c + x.sites[j] + x.checks[j]);
    return {
      kind,
      edits: x.floor.length,
      floorMs: mid(x.floor),
      totalMs: mid(total),
      changeMs: change,
      sitesMs,
      checksMs: checks,
      samples: x,
    };
  });
  return { kinds, lines: lines.length, sites: sites.length, diagnostics: diagnostics.length };
}

function point(p: { line: number; character: number }): { row: number; column: number } {
  return { row: p.line, column: p.character };
}
