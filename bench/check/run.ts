// Cold index and gearman-check benchmark, run by hand: `npm run bench:check [-- --files 5000 --rounds 5]`.
// Over one generated workspace dense with Gearman calls (bench/analysis/generate.ts), in one run,
// rounds interleaved: tree-sitter's own parse of every file (the floor), the language server's
// cold index (WorkspaceIndex.rebuild: walk, bounded reads, parse, query), gearman-check as CI runs
// it (a fresh `node dist/check.js` process, start-up included), and ripgrep searching the same
// tree for the library call names (a lower bound for just reading it). Wall-clock and CPU time
// are both kept: the machine is shared, and CPU time is the steadier of the two. Then where the
// index's time goes (a CPU profile of one more run), and edits to diagnostics in a large file
// against the incremental reparse of the same edits (edits.ts). Writes its section of
// bench/RESULTS.md and the raw figures to bench/results/check.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallSiteAnalyzer, sourceAnalysisPaths } from '../../server/src/analysis';
import { excluder, walkFiles } from '../../server/src/features/callSites/fileWalk';
import { WorkspaceIndex } from '../../server/src/features/callSites/workspaceIndex';
import { mixedWorkspace, RG_PATTERN } from '../analysis/generate';
import { writeSection } from '../results';
import { editToDiagnostics, type EditFigures } from './edits';
import { profileSplit } from './split';

const ROOT = join(__dirname, '..', '..', '..');
const CHECK = join(ROOT, 'dist', 'check.js');

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function mid(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Wall-clock and CPU (user + system, every thread of this process) milliseconds of `f`. */
async function timed(f: () => unknown): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

interface Samples {
  wall: number[];
  cpu: number[];
}
const samples = (): Samples => ({ wall: [], cpu: [] });
const add = (s: Samples, t: { wall: number; cpu: number }) => {
  s.wall.push(t.wall);
  s.cpu.push(t.cpu);
};

/** A child process's wall time and its CPU time (from /proc: utime + stime of the child, in ticks of 10 ms). */
function child(cmd: string, args: string[], cwd: string): { wall: number; cpu: number; stdout: string } {
  const t0 = performance.now();
  const before = childrenTicks();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  const wall = performance.now() - t0;
  if (r.error) throw r.error;
  return { wall, cpu: (childrenTicks() - before) * 10, stdout: r.stdout };
}

// cutime + cstime of this process: CPU of waited-for children, in clock ticks (100 per second here).
function childrenTicks(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return Number(f[13]) + Number(f[14]);
}

async function main(): Promise<void> {
  const files = arg('files', 5000);
  const rounds = arg('rounds', 5);
  const loadStart = loadavg();
  const base = mkdtempSync(join(tmpdir(), 'gearman-bench-check-'));
  const ws = join(base, 'workspace');
  mkdirSync(ws);
  try {
    const gen = mixedWorkspace(ws, files);
    console.log(`workspace: ${gen.files} files, ${(gen.bytes / 1048576).toFixed(1)} MiB, ${gen.callSites} call sites`);
    const analyzer = new CallSiteAnalyzer(sourceAnalysisPaths(ROOT));
    const list: { path: string; lang: string; text: string }[] = [];
    for await (const f of walkFiles([ws], excluder([]), (p) => analyzer.languageForPath(p) !== undefined)) {
      list.push({ path: f.path, lang: analyzer.languageForPath(f.path)!, text: readFileSync(f.path, 'utf8') });
    }
    for (const l of new Set(list.map((f) => f.lang))) await analyzer.ready(l);
    const parse = samples();
    const index = samples();
    const check = samples();
    const rg = samples();
    let sites = 0;
    let findings = 0;
    let rgMatches = 0;
    // Round 0 warms up (wasm JIT, page cache); every kind runs once per round, in turn.
    for (let r = 0; r <= rounds; r++) {
      const p = await timed(() => {
        for (const f of list) analyzer.parse(analyzer.spec(f.lang)!, f.text)?.delete();
      });
      const i = await timed(async () => {
        sites = (await new WorkspaceIndex(analyzer).rebuild([ws], excluder([]))).sites;
      });
      const c = child(process.execPath, [CHECK, '--format', 'json', '--no-progress'], ws);
      findings = (JSON.parse(c.stdout) as { findings: unknown[] }).findings.length;
      const g = child('rg', ['--count-matches', '--no-filename', '-e', RG_PATTERN, ws], ws);
      rgMatches = g.stdout
        .split('\n')
        .filter(Boolean)
        .reduce((a, l) => a + Number(l), 0);
      if (r === 0) continue;
      add(parse, p);
      add(index, i);
      add(check, c);
      add(rg, g);
      console.log(
        `round ${r}: parse ${p.wall.toFixed(0)} ms, index ${i.wall.toFixed(0)} ms, gearman-check ${c.wall.toFixed(0)} ms, rg ${g.wall.toFixed(0)} ms`,
      );
    }
    // Not timed: one more index run under the profiler, for where its time goes.
    const split = await profileSplit(() => new WorkspaceIndex(analyzer).rebuild([ws], excluder([])));
    analyzer.dispose();
    const edit = await editToDiagnostics(ROOT, arg('edits', 12));
    const loadEnd = loadavg();
    const m = (s: Samples) => ({ wall: mid(s.wall), cpu: mid(s.cpu) });
    const raw = {
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model.trim(),
      cores: cpus().length,
      load: { start: loadStart, end: loadEnd },
      workspace: gen,
      rounds,
      parse: { ...m(parse), samples: parse },
      index: { ...m(index), samples: index, sites, split },
      check: { ...m(check), samples: check, findings },
      ripgrep: { ...m(rg), samples: rg, matches: rgMatches },
      edit,
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'check.json'), `${JSON.stringify(raw, null, 1)}\n`);
    writeSection('check', '## Cold index and gearman-check (5,000 files dense with Gearman calls)', report(raw));
    console.log(report(raw));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

type Raw = {
  date: string;
  node: string;
  cpu?: string;
  cores: number;
  load: { start: number[]; end: number[] };
  workspace: { files: number; bytes: number; callSites: number };
  rounds: number;
  parse: { wall: number; cpu: number };
  index: { wall: number; cpu: number; sites: number; split: { totalMs: number; parts: Record<string, number> } };
  check: { wall: number; cpu: number; findings: number };
  ripgrep: { wall: number; cpu: number; matches: number };
  edit: { kinds: EditFigures[]; lines: number; sites: number; diagnostics: number };
};

function splitText(s: { totalMs: number; parts: Record<string, number> }): string {
  return Object.entries(s.parts)
    .sort((a, b) => b[1] - a[1])
    .map(([part, ms]) => `${part} ${((100 * ms) / s.totalMs).toFixed(0)}%`)
    .join(', ');
}

function report(r: Raw): string {
  const f = (n: number) => `${n.toFixed(0)} ms`;
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(', ');
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');
  return [
    `Run: \`npm run bench:check\` (${r.date}; ${r.cpu}, ${r.cores} cores; Node ${r.node}). ${r.workspace.files} files, ${(r.workspace.bytes / 1048576).toFixed(1)} MiB, ${r.workspace.callSites} call sites in 8 languages; medians of ${r.rounds} interleaved rounds after a warm-up round. Load average (1, 5, 15 min) at the start: ${load(r.load.start)}; at the end: ${load(r.load.end)}. Raw figures: [bench/results/check.json](results/check.json).`,
    '',
    '| measure | wall | CPU | wall / parse | CPU / parse | target |',
    '|---|---:|---:|---:|---:|---|',
    `| tree-sitter parse of every file (the floor) | ${f(r.parse.wall)} | ${f(r.parse.cpu)} | 1.00x | 1.00x | |`,
    `| cold index, in process (walk, bounded reads, parse, query; ${r.index.sites} sites) | ${f(r.index.wall)} | ${f(r.index.cpu)} | ${x(r.index.wall, r.parse.wall)} | ${x(r.index.cpu, r.parse.cpu)} | ≤ 1.3x: ${met(r.index.wall / r.parse.wall <= 1.3)} |`,
    `| gearman-check, a fresh process (start-up, index, checks, JSON; ${r.check.findings} findings) | ${f(r.check.wall)} | ${f(r.check.cpu)} | ${x(r.check.wall, r.parse.wall)} | ${x(r.check.cpu, r.parse.cpu)} | ≤ 1.5x: ${met(r.check.wall / r.parse.wall <= 1.5)} |`,
    `| ripgrep, the same call names (${r.ripgrep.matches} matches): reading the tree | ${f(r.ripgrep.wall)} | ${f(r.ripgrep.cpu)} | ${x(r.ripgrep.wall, r.parse.wall)} | ${x(r.ripgrep.cpu, r.parse.cpu)} | lower bound |`,
    '',
    `gearman-check / ripgrep: ${x(r.check.wall, r.ripgrep.wall)} wall. The edit figures over LSP (didChange to publishDiagnostics) are in the analysis section.`,
    '',
    `Where the cold index's time goes (a CPU profile of one more run in the same process; profiling slows JavaScript more than wasm, so read the shares): ${splitText(r.index.split)}.`,
    '',
    `Edits to diagnostics in a ${r.edit.lines.toLocaleString('en')}-line PHP file (${r.edit.sites} call sites, ${r.edit.diagnostics} diagnostics), in process as the server runs them for an open document (DocumentTrees.change and .sites, WorkspaceIndex.setOpen, checkSites with the server's memo), each against tree-sitter's own incremental reparse of the same edit on a parser of its own (the floor); medians of ${r.edit.kinds[0].edits} edits of each kind after as many to warm up, the two run in alternating order. The sites and diagnostics at the end were checked equal to a full pass.`,
    '',
    '| edit | floor: incremental reparse | ours: change (reparse included) + sites + checks | ours / floor | target |',
    '|---|---:|---:|---:|---|',
    ...r.edit.kinds.map(
      (k) =>
        `| ${k.kind} | ${k.floorMs.toFixed(2)} ms | ${k.totalMs.toFixed(2)} ms (${k.changeMs.toFixed(2)} + ${k.sitesMs.toFixed(2)} + ${k.checksMs.toFixed(2)}) | ${x(k.totalMs, k.floorMs)} | ≤ 1.5x: ${met(k.totalMs / k.floorMs <= 1.5)} |`,
    ),
  ].join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
