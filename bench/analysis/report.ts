// Turns the raw figures of an analysis benchmark run into its section of bench/RESULTS.md.
// Every number printed here is computed from the run; no sentence depends on what was measured.
import { median, met, ms, percentile, runLine, times, type Machine } from '../results';
import { EDIT_KINDS, type EditKind } from './edits';
import type { EditSample, FullPass, IndexTimes } from './inProcess';
import type { CompletionSample, IndexRun, LspEdit } from './overLsp';
import type { EditSplit } from './timedLsp';

/** Everything one run measured (written as bench/results/analysis.json). */
export interface AnalysisRun {
  date: string;
  command: string;
  settings: { files: number; lines: number; rounds: number; editsPerKind: number };
  machine: Machine;
  load: { start: number[]; end: number[] };
  workspace: { files: number; bytes: number; callSites: number };
  sparse: { files: number; bytes: number; callSites: number };
  fullPass: FullPass;
  editsInProcess: EditSample[];
  editsOverLsp: LspEdit[];
  editSplit: EditSplit[];
  index: IndexTimes;
  indexSparse: IndexTimes;
  indexOverLsp: IndexRun[];
  ripgrep: { runs: number[]; matches: number };
  completion: CompletionSample[];
  completionFiles: number;
  rssAfterOpenMiB: number;
}

/** Target of edit → diagnostics over the incremental reparse of the same edit. */
export const EDIT_TARGET = 1.5;
/** Target of a cold index over parsing every file. */
export const INDEX_TARGET = 1.3;

const of = <T extends { kind: EditKind }>(xs: T[], k: EditKind) => xs.filter((x) => x.kind === k);
const p50 = (xs: number[]) => ms(median(xs));

function editTable(r: AnalysisRun): string[] {
  const rows = EDIT_KINDS.map((k) => {
    const lsp = of(r.editsOverLsp, k).map((e) => e.ms);
    const floor = median(of(r.editsInProcess, k).map((e) => e.floorMs));
    const inProc = of(r.editsInProcess, k).map((e) => e.changeMs + e.sitesMs);
    const ratio = median(lsp) / floor;
    return `| ${k} | ${lsp.length} | ${p50(lsp)} / ${ms(percentile(lsp, 95))} | ${ms(floor)} | **${times(ratio)}** | ≤ ${EDIT_TARGET}x: ${met(ratio <= EDIT_TARGET)} | ${p50(inProc)} | ${times(median(inProc) / floor)} |`;
  });
  return [
    '| edit | edits | over LSP: didChange → publishDiagnostics, p50 / p95 | floor: tree-sitter incremental reparse of the same edit, p50 | ratio | target | in process: DocumentTrees.change + sites, p50 | ratio |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
    ...rows,
  ];
}

const STEPS: [keyof EditSplit, string][] = [
  ['toServerMs', 'didChange sent → handler entered in the server (stdio, JSON-RPC decode)'],
  ['parseMs', 'tree-sitter incremental parse (inside DocumentTrees.change)'],
  ['applyRestMs', 'rest of applying the edit: tree.edit, shifting cached sites, changed ranges, TextDocument.update'],
  ['waitMs', 'handler returned → coalesced diagnostics pass started (setImmediate)'],
  ['queryMs', 'tree-sitter query of the changed lines (CallSiteAnalyzer.extraction)'],
  [
    'sitesRestMs',
    'rest of DocumentTrees.sites: dropping, merging and sorting cached items, resolving calls, making sites',
  ],
  ['indexMs', 'workspace index lookups (WorkspaceIndex.sitesNamed), including rebuilding its name table'],
  ['stringifyMs', 'JSON.stringify of the diagnostics (the key that skips unchanged ones)'],
  ['checkMs', 'rest of the pass until sendDiagnostics: checkSites and the rest'],
  ['toClientMs', 'sendDiagnostics → received by the editor (encode, pipe, decode)'],
];

function splitTable(r: AnalysisRun): string[] {
  const col = (k: EditKind, f: keyof EditSplit) => median(of(r.editSplit, k).map((e) => e[f] as number));
  const payload = (k: EditKind) => {
    const e = of(r.editsOverLsp, k);
    return `${Math.round(median(e.map((x) => x.diagnostics)))} diagnostics, ${(median(e.map((x) => x.bytes)) / 1024).toFixed(0)} KiB`;
  };
  return [
    `| step (median of each step over the same edits, ms) | ${EDIT_KINDS.join(' | ')} |`,
    `|---|${EDIT_KINDS.map(() => '---:').join('|')}|`,
    ...STEPS.map(([f, label]) => `| ${label} | ${EDIT_KINDS.map((k) => col(k, f).toFixed(1)).join(' | ')} |`),
    `| sum of the step medians | ${EDIT_KINDS.map((k) => STEPS.reduce((a, [f]) => a + col(k, f), 0).toFixed(1)).join(' | ')} |`,
    `| total, median (instrumented server) | ${EDIT_KINDS.map((k) => col(k, 'totalMs').toFixed(1)).join(' | ')} |`,
    `| what the editor received per edit (median, from the dist/server.js run) | ${EDIT_KINDS.map(payload).join(' | ')} |`,
  ];
}

function indexTable(r: AnalysisRun): string[] {
  const lsp = r.indexOverLsp.map((x) => x.ms);
  const rgMs = median(r.ripgrep.runs);
  const row = (what: string, x: IndexTimes) => {
    const ratio = x.indexMs / x.parseOnlyMs;
    return `| ${what} (${x.sites} sites, all found) | ${ms(x.indexMs)} | ${ms(x.parseOnlyMs)} parse only (${ms(x.readParseMs)} read + parse) | ${times(ratio)} (${times(x.indexMs / x.readParseMs)}) | ≤ ${INDEX_TARGET}x: ${met(ratio <= INDEX_TARGET)} | ${x.runs} |`;
  };
  return [
    '| measure | ours, median | floor, median | ratio | target | runs |',
    '|---|---:|---:|---:|---|---:|',
    row(`cold index in process (walk + read + parse + query), every file uses Gearman`, r.index),
    row(
      `same size, Gearman calls in ${Math.round((r.sparse.callSites / r.workspace.callSites) * 100)}% of the files`,
      r.indexSparse,
    ),
    `| cold index over LSP, initialized → $/progress end (${r.indexOverLsp[0]?.sites} sites logged by the server each run, as generated) | ${p50(lsp)} | ${ms(r.index.parseOnlyMs)} parse only, in process | ${times(median(lsp) / r.index.parseOnlyMs)} | | ${lsp.length} |`,
    `| ripgrep with a regex for the same calls (a lower bound for any text search) | ${ms(rgMs)}, ${r.ripgrep.matches} matches | | index / rg: ${times(r.index.indexMs / rgMs)} | | ${r.ripgrep.runs.length} |`,
  ];
}

function completionTable(r: AnalysisRun): string[] {
  const big = (c: CompletionSample) => /Big(-cold-\d+)?\.php$/.test(c.file);
  const row = (what: string, xs: CompletionSample[]) => {
    const t = xs.map((c) => c.ms);
    return `| ${what} | ${xs.length} | ${ms(median(t))} | ${ms(percentile(t, 95))} | ${ms(Math.max(...t))} | ${Math.round(median(xs.map((c) => c.items)))} |`;
  };
  const small = r.completion.filter((c) => !big(c));
  return [
    '| completion in a name slot | requests | p50 | p95 | max | items offered, median |',
    '|---|---:|---:|---:|---:|---:|',
    row(
      `cold: first request right after didOpen, ${r.completionFiles} files of 8 languages`,
      small.filter((c) => c.cold),
    ),
    row(
      'warm: every other name slot of the same files',
      small.filter((c) => !c.cold),
    ),
    row(
      `cold: the ${r.settings.lines}-line PHP file right after didOpen (a fresh copy each time)`,
      r.completion.filter((c) => big(c) && c.cold),
    ),
    row(
      `warm: slots spread over the ${r.settings.lines}-line PHP file`,
      r.completion.filter((c) => big(c) && !c.cold),
    ),
  ];
}

/** The Markdown of the analysis section. */
export function renderAnalysis(r: AnalysisRun, rawFile: string): string {
  const ed = r.editsInProcess;
  const fullQueryAfterEdit = median(ed.map((e) => e.fullQueryMs));
  const incQuery = median(ed.map((e) => e.sitesMs));
  return [
    `Command: \`${r.command}\`. Date: ${r.date}. Settings: ${JSON.stringify(r.settings)}.`,
    runLine(r.machine, r.load, rawFile),
    `Workspace: ${r.workspace.files} generated files of PHP, Python, Go, JS, TS, Java, Ruby and C, ${(r.workspace.bytes / 1048576).toFixed(1)} MiB, ${r.workspace.callSites} Gearman call sites among other calls; a second one of the same size with ${r.sparse.callSites} sites. Large file: ${r.settings.lines} lines of PHP, ${r.fullPass.sites} call sites.`,
    '',
    '### Diagnostics after an edit of the large file',
    '',
    `Each kind of edit is made ${r.settings.editsPerKind} times at lines spread over the file (after ${r.settings.editsPerKind} warm-up edits of each kind elsewhere); each waits for its diagnostics before the next. ` +
      'The floor is web-tree-sitter alone applying the same edit to a tree of the same text (`tree.edit` + `parser.parse(text, oldTree)`), in process.',
    '',
    ...editTable(r),
    '',
    "Where the time goes: the same edits against the server built with timing wrappers (bench/analysis/timedServer.ts); the two processes' clocks are compared through `performance.timeOrigin`.",
    '',
    ...splitTable(r),
    '',
    `For scale: a full parse of the file takes ${ms(r.fullPass.parseMs)} and a whole-tree query ${ms(r.fullPass.queryMs)} (medians of ${r.fullPass.runs}); after an edit, a whole-tree query of the edited tree takes ${ms(fullQueryAfterEdit)} against ${ms(incQuery)} for the query of the changed lines.`,
    '',
    '### Workspace index',
    '',
    ...indexTable(r),
    '',
    '### Completion',
    '',
    ...completionTable(r),
    '',
    `Server RSS: ${median(r.indexOverLsp.map((x) => x.rssMiB)).toFixed(1)} MiB after indexing (median of ${r.indexOverLsp.length} runs), ${r.rssAfterOpenMiB.toFixed(1)} MiB with the large file open.`,
  ].join('\n');
}
