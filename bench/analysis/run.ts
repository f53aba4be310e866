// Analysis benchmark, run by hand: `npm run bench:analysis [-- --files 5000 --lines 20000 --rounds 5]`.
// Ratios use tree-sitter's own parse time as the floor; ripgrep finding the same calls is the
// lower bound of any text search. Writes its section of bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCliWorker, startGearmand } from '../../test/support/gearmand';
import { bigPhp, mixedWorkspace, RG_PATTERN } from './generate';
import { bigFile, coldIndex, median } from './inProcess';
import { overLsp } from './overLsp';

const ROOT = join(__dirname, '..', '..', '..');
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function ripgrep(dir: string, rounds: number): { ms: number; matches: number } {
  const times: number[] = [];
  let out = '';
  for (let i = 0; i < rounds + 1; i++) {
    const t = performance.now();
    out = execFileSync('rg', ['--count-matches', '--no-filename', '-e', RG_PATTERN, dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (i > 0) times.push(performance.now() - t);
  }
  return { ms: median(times), matches: out.split('\n').filter(Boolean).reduce((a, l) => a + Number(l), 0) };
}

const f1 = (n: number) => n.toFixed(1);
const x2 = (n: number) => `${n.toFixed(2)}x`;

async function main(): Promise<void> {
  const files = arg('files', 5000);
  const lines = arg('lines', 20000);
  const rounds = arg('rounds', 5);
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
    console.log(`workspace: ${gen.files} files, ${f1(gen.bytes / 1048576)} MiB, ${gen.callSites} call sites; big file: ${lines} lines`);

    const big = await bigFile(ROOT, text, rounds);
    console.log('big file', big);
    const idx = await coldIndex(ROOT, ws, Math.max(3, Math.floor(rounds / 2)));
    console.log('cold index', idx);
    const idxSparse = await coldIndex(ROOT, sparse, Math.max(3, Math.floor(rounds / 2)));
    console.log('cold index, sparse', idxSparse);
    const rg = ripgrep(ws, rounds);
    console.log('ripgrep', rg);
    const lsp = await overLsp(ws, { path: bigPath, text }, gd.port, rounds * 4, 200);
    console.log('lsp', lsp);

    const editInProcess = big.editParseMs + big.editSitesMs;
    const section = `<!-- analysis:start -->
## Function-name analysis (tree-sitter call sites)

Run: \`npm run bench:analysis\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${files} files, ${lines}-line PHP file, medians of ${rounds}+ runs after warm-up).
Floor: web-tree-sitter's own parse of the same text. The workspace mixes PHP, Python, Go, JS, TS, Java, Ruby and C
(${gen.files} files, ${f1(gen.bytes / 1048576)} MiB, ${gen.callSites} Gearman call sites among many other calls).

| measure | ours | floor | ratio | target |
|---|---:|---:|---:|---:|
| diagnostics after a one-line edit, 20k-line PHP, over LSP (didChange → publishDiagnostics) | ${f1(lsp.editToDiagnosticsMs)} ms (p95 ${f1(lsp.editToDiagnosticsP95Ms)}) | ${f1(big.parseMs)} ms full parse | ${x2(lsp.editToDiagnosticsMs / big.parseMs)} | ≤ 1.5x |
| same, in process: incremental parse + incremental query | ${f1(editInProcess)} ms (${f1(big.editParseMs)} + ${f1(big.editSitesMs)}) | ${f1(big.parseMs)} ms | ${x2(editInProcess / big.parseMs)} | |
| cold index, in process (walk + read + parse + query) | ${f1(idx.indexMs)} ms | ${f1(idx.parseOnlyMs)} ms parse only (${f1(idx.readParseMs)} ms read + parse) | ${x2(idx.indexMs / idx.parseOnlyMs)} (${x2(idx.indexMs / idx.readParseMs)}) | ≤ 1.3x |
| cold index, in process, same size but Gearman calls in 10% of files (${genSparse.callSites} sites) | ${f1(idxSparse.indexMs)} ms | ${f1(idxSparse.parseOnlyMs)} ms parse only (${f1(idxSparse.readParseMs)} ms read + parse) | ${x2(idxSparse.indexMs / idxSparse.parseOnlyMs)} | ≤ 1.3x |
| cold index over LSP (initialized → $/progress end) | ${f1(lsp.indexMs)} ms | ${f1(idx.parseOnlyMs)} ms | ${x2(lsp.indexMs / idx.parseOnlyMs)} | |
| completion in a name slot of the 20k-line file (${lsp.completionItems} items) | p50 ${f1(lsp.completionP50Ms)} ms, p95 ${f1(lsp.completionP95Ms)} ms | | | |
| server RSS after indexing / after opening the 20k-line file | ${f1(lsp.rssAfterIndexMiB)} MiB / ${f1(lsp.rssAfterOpenMiB)} MiB | | | |
| ripgrep, same calls in the same workspace (lower bound) | ${f1(rg.ms)} ms, ${rg.matches} matches | | index / rg: ${x2(idx.indexMs / rg.ms)} | |

Other numbers: full query over the 20k-line tree ${f1(big.queryMs)} ms (${big.sites} sites), against ${f1(big.editSitesMs)} ms for the
query restricted to the changed lines after an edit (and ${f1(big.editFullQueryMs)} ms for a whole-tree query of the edited tree);
index found ${idx.sites} call sites where ripgrep's regex counted ${rg.matches}.

Why: the query pass (web-tree-sitter \`Query.matches\`, which copies each match out of wasm memory into JS objects)
costs 0.6-0.8x of a parse when it runs over most of a file. In the dense workspace every file has Gearman calls on a fifth
of its lines, so the index pays parse + query (+ walking, reading and async hand-offs) and misses the 1.3x target there. Files
with no call name of their language's table are not parsed at all, and elsewhere the query runs only at the lines that
name one (server/src/analysis/prefilter.ts): that is why the workspace where 10% of files use Gearman indexes faster than
parsing it. After an edit, only the changed lines are queried again (incremental.ts), so diagnostics cost a fraction of a
full parse. This machine was shared with other jobs during the run: absolute times are noisy, ratios less so.
<!-- analysis:end -->
`;
    const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
    const start = old.indexOf('<!-- analysis:start -->');
    const end = old.indexOf('<!-- analysis:end -->');
    const next = start >= 0 && end > start
      ? old.slice(0, start) + section.trimEnd() + old.slice(end + '<!-- analysis:end -->'.length)
      : `${old.trimEnd()}\n\n${section}`;
    writeFileSync(RESULTS, next);
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
