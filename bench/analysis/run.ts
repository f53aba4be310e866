// Analysis benchmark, run by hand: `npm run bench:analysis [-- --files 5000 --lines 20000 --rounds 5 --edits 10]`.
// Edits are divided by tree-sitter's incremental reparse of the same edit, the index by parsing every
// file; ripgrep finding the same calls is the lower bound of any text search. Writes its section of
// bench/RESULTS.md and its raw figures to bench/results/analysis.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PublishDiagnosticsNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startLspProcess } from '../../test/lsp/support/lspClient';
import { startCliWorker, startGearmand } from '../../test/support/gearmand';
import { loadAverage, machine, writeRaw, writeSection } from '../results';
import { editPlan } from './edits';
import { bigPhp, mixedWorkspace, RG_PATTERN } from './generate';
import { coldIndex, editsInProcess, fullPass } from './inProcess';
import {
  completeIn,
  editOverLsp,
  indexDone,
  indexOverLsp,
  lspSettings,
  nameSlots,
  openDocument,
  rssMiB,
  sessionDiagnostics,
  type CompletionSample,
  type LspEdit,
} from './overLsp';
import { renderAnalysis, type AnalysisRun } from './report';
import { timedEdits } from './timedLsp';

const ROOT = join(__dirname, '..', '..', '..');
const LANGUAGE_IDS: Record<string, string> = {
  php: 'php',
  py: 'python',
  go: 'go',
  js: 'javascript',
  ts: 'typescript',
  java: 'java',
  rb: 'ruby',
  c: 'c',
};

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function ripgrep(dir: string, runs: number): { runs: number[]; matches: number } {
  const times: number[] = [];
  let out = '';
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    out = execFileSync('rg', ['--count-matches', '--no-filename', '-e', RG_PATTERN, dir], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (i > 0) times.push(performance.now() - t);
  }
  return {
    runs: times,
    matches: out
      .split('\n')
      .filter(Boolean)
      .reduce((a, l) => a + Number(l), 0),
  };
}

/** The timed server finds its grammars and queries next to its bundle, as dist/server.js does. */
function linkServerData(): string {
  for (const name of ['wasm', 'queries']) {
    const link = join(__dirname, name);
    rmSync(link, { recursive: true, force: true });
    symlinkSync(join(ROOT, 'dist', name), link);
  }
  return join(__dirname, 'timedServer.js');
}

/** Three files per language from the generated workspace (file f is in language f % 8). */
function sampleFiles(ws: string, files: number): { path: string; languageId: string }[] {
  const exts = Object.keys(LANGUAGE_IDS);
  const out: { path: string; languageId: string }[] = [];
  for (const k of [0.1, 0.45, 0.8]) {
    for (const [li, ext] of exts.entries()) {
      const f = Math.floor((files * k) / exts.length) * exts.length + li;
      out.push({ path: join(ws, `pkg${Math.floor(f / 100)}`, `file${f}.${ext}`), languageId: LANGUAGE_IDS[ext] });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const settings = {
    files: arg('files', 5000),
    lines: arg('lines', 20000),
    rounds: arg('rounds', 5),
    editsPerKind: arg('edits', 10),
  };
  const { files, lines, rounds, editsPerKind } = settings;
  const loadStart = loadAverage();
  const base = mkdtempSync(join(tmpdir(), 'gearman-bench-analysis-'));
  const ws = join(base, 'workspace');
  const sparse = join(base, 'sparse');
  mkdirSync(ws);
  mkdirSync(sparse);
  const gd = await startGearmand();
  const worker = startCliWorker(gd.port, ['resize_image_1', 'resize_image_2', 'job_1'], ['cat']);
  try {
    const gen = mixedWorkspace(ws, files);
    const genSparse = mixedWorkspace(sparse, files, 8, 0.1);
    const text = bigPhp(lines);
    const bigPath = join(base, 'Big.php');
    writeFileSync(bigPath, text);
    const log = (what: string, x: unknown) => console.log(what, JSON.stringify(x).slice(0, 400));
    log('workspace', gen);

    const full = await fullPass(ROOT, text, rounds);
    log('full pass', full);
    const warmup = editPlan(text, editsPerKind, 0.25);
    const plan = editPlan(text, editsPerKind, 0.5);
    const inProc = await editsInProcess(ROOT, text, warmup, plan);
    log('edits in process', inProc.slice(0, 3));
    const idx = await coldIndex(ROOT, ws, rounds, gen.callSites);
    log('cold index', idx);
    const idxSparse = await coldIndex(ROOT, sparse, rounds, genSparse.callSites);
    log('cold index, sparse', idxSparse);
    const rg = ripgrep(ws, rounds);
    log('ripgrep', rg);
    const lspIndex = await indexOverLsp(ws, gd.port, rounds, gen.callSites);
    log('index over LSP', lspIndex);

    // The shipped server: edits and completion.
    const lsp = await startLspProcess(lspSettings(gd.port), { rootUri: pathToFileURL(ws).href });
    let editsOverLsp: LspEdit[] = [];
    let rssAfterOpenMiB = NaN;
    const completion: CompletionSample[] = [];
    try {
      await indexDone(lsp.conn);
      const diagnostics = sessionDiagnostics(lsp);
      const uri = pathToFileURL(bigPath).href;
      const slots = nameSlots(text);
      // Cold: copies of the file (other URIs), each opened, asked once at its own slot, closed.
      for (let r = 0; r < rounds; r++) {
        const copy = join(base, `Big-cold-${r}.php`);
        writeFileSync(copy, text);
        completion.push(
          ...(await completeIn(lsp.conn, copy, 'php', [slots[Math.floor((slots.length * (r + 0.5)) / rounds)]], {
            open: true,
            close: true,
          })),
        );
      }
      await openDocument(lsp.conn, diagnostics, uri, text, 'php');
      // Edits are checked against live data once the registry has answered.
      await lsp.waitFor(
        PublishDiagnosticsNotification.type,
        (p: PublishDiagnosticsParams) => p.uri === uri && p.diagnostics.length > 0,
        30_000,
        'live diagnostics',
      );
      rssAfterOpenMiB = rssMiB(lsp.proc.pid!);
      editsOverLsp = await editOverLsp(lsp.conn, diagnostics, uri, 1, warmup, plan);
      log('edits over LSP', editsOverLsp.slice(0, 3));
      const spread = Array.from({ length: 50 }, (_, i) => slots[Math.floor((slots.length * (i + 0.5)) / 50)]);
      completion.push(...(await completeIn(lsp.conn, bigPath, 'php', spread, { open: false, close: false })));
      for (const f of sampleFiles(ws, files)) {
        completion.push(
          ...(await completeIn(lsp.conn, f.path, f.languageId, nameSlots(readFileSync(f.path, 'utf8')), {
            open: true,
            close: true,
          })),
        );
      }
      log('completion', completion.length);
    } finally {
      await lsp.close();
    }

    const editSplit = await timedEdits(linkServerData(), ws, gd.port, { path: bigPath, text }, warmup, plan);
    const counts = (xs: { diagnostics: number }[]) => xs.map((x) => x.diagnostics).join(',');
    if (counts(editSplit) !== counts(editsOverLsp))
      throw new Error(
        `the timed server published other diagnostics than dist/server.js for the same edits: ${counts(editSplit)} against ${counts(editsOverLsp)}`,
      );
    log('edit split', editSplit.slice(0, 3));

    const run: AnalysisRun = {
      date: new Date().toISOString(),
      command: `npm run bench:analysis${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      settings,
      machine: machine(),
      load: { start: loadStart, end: loadAverage() },
      workspace: gen,
      sparse: genSparse,
      fullPass: full,
      editsInProcess: inProc,
      editsOverLsp,
      editSplit,
      index: idx,
      indexSparse: idxSparse,
      indexOverLsp: lspIndex,
      ripgrep: rg,
      completion,
      completionFiles: sampleFiles(ws, files).length,
      rssAfterOpenMiB,
    };
    const raw = writeRaw('analysis', run);
    const section = renderAnalysis(run, raw);
    writeSection('analysis', '## Function-name analysis (tree-sitter call sites)', section);
    console.log(section);
  } finally {
    await worker.stop();
    await gd.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
