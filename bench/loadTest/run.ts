// Load test benchmark (npm run bench:loadtest). One gearmand, the library's echo workers
// (bench/nodeWorker.ts, 2 processes × 8 connections) shared by both clients:
//   throughput  the editor's load test (built language server over stdio, 64 in flight) against
//               the library's own benchmark client (bench/nodeClient.ts, 64 async loops),
//               rounds alternating, ratio = median of the paired rounds (>= 0.9x wanted);
//   60 s run    progress notifications per second the editor gets (<= 4 wanted), their bytes,
//               and the language server's peak RSS;
//   history     memory of one hour of queue history for 10,000 functions (historyMemory.ts).
// Writes its block of bench/RESULTS.md and the raw figures to bench/loadTest/last-run.json.
import { execFileSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { startGearmand } from '../../test/support/gearmand';
import { writeSection } from '../results';
import { loadTest, rssMiB, startServer } from './lsp';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROUNDS = arg('rounds', 5);
const JOBS = arg('jobs', 60_000);
const LONG_SEC = arg('long-sec', 60);
const K = 64;
const SIZE = 16;
const FN = 'bench_echo';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function nodeClient(port: number, n: number): number {
  const out = execFileSync(
    process.execPath,
    [resolve(__dirname, 'nodeClient.js'), '127.0.0.1', String(port), FN, 'rtt', String(n), String(K), String(SIZE)],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out.trim().split('\n').pop()!) as { jobsPerSec: number }).jobsPerSec;
}

async function main(): Promise<void> {
  const gd = await startGearmand();
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < 2; i++)
      workers.push(
        fork(resolve(__dirname, 'nodeWorker.js'), ['127.0.0.1', String(gd.port), FN, '8'], { stdio: 'inherit' }),
      );
    // Wait until both worker processes registered (status lists 16 connections for the function).
    for (;;) {
      const st =
        spawnSync('gearadmin', ['-h', '127.0.0.1', '-p', String(gd.port), '--status'], { encoding: 'utf8' }).stdout ??
        '';
      if (new RegExp(`^${FN}\\t\\d+\\t\\d+\\t16$`, 'm').test(st)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const lsp = await startServer(gd.port);
    const payload = Buffer.alloc(SIZE, 'x').toString('base64');
    const ours = (n: number, runId: string) =>
      loadTest(lsp, { runId, servers: [`127.0.0.1:${gd.port}`], function: FN, payload, jobs: n, inFlight: K });
    // Warm-up, not timed, as nodeClient warms up inside its own run.
    await ours(Math.min(3000, JOBS / 5), 'warm');
    const rounds: { library: number; loadTest: number; ratio: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? ['lib', 'lt'] : ['lt', 'lib'];
      let library = 0,
        lt = 0;
      for (const who of order) {
        if (who === 'lib') library = nodeClient(gd.port, JOBS);
        else {
          const x = (await ours(JOBS, `round-${r}`)).result;
          if (x.counts.complete !== JOBS)
            throw new Error(`load test round ${r}: ${x.counts.complete} of ${JOBS} complete`);
          lt = x.counts.complete / ((x.endedAt - x.startedAt) / 1000);
        }
      }
      rounds.push({ library, loadTest: lt, ratio: lt / library });
      console.log(
        `round ${r + 1}/${ROUNDS}: library ${Math.round(library)} jobs/s, load test ${Math.round(lt)} jobs/s, ratio ${(lt / library).toFixed(3)}`,
      );
    }
    // This process stands in for the extension host's LSP client: its CPU while the run lasts is what receiving the progress costs.
    const cpu0 = process.cpuUsage();
    const long = await loadTest(lsp, {
      runId: 'long',
      servers: [`127.0.0.1:${gd.port}`],
      function: FN,
      payload,
      durationSec: LONG_SEC,
      inFlight: K,
    });
    const cpu = process.cpuUsage(cpu0);
    const clientCpuPct = ((cpu.user + cpu.system) / 1e6 / ((long.result.endedAt - long.result.startedAt) / 1000)) * 100;
    const span = (long.progressAt.at(-1)! - long.progressAt[0]) / 1000;
    let maxInSecond = 0;
    for (const t of long.progressAt)
      maxInSecond = Math.max(maxInSecond, long.progressAt.filter((u) => u >= t && u < t + 1000).length);
    const idleRss = rssMiB(lsp.proc.pid!);
    await lsp.close();
    type Mem = {
      functions: number;
      slots: number;
      bucketMs: number;
      bytes: number;
      estimate: number;
      msPerPoll: number;
    };
    const memory = (which: string) =>
      JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', resolve(__dirname, 'historyMemory.js'), which], {
          encoding: 'utf8',
        }).trim(),
      ) as Mem;
    const worst = memory('worst');
    const hist = {
      functions: worst.functions,
      slots: worst.slots,
      bucketMs: worst.bucketMs,
      worst,
      typical: memory('typical'),
    };
    const raw = {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      loadavg: loadavg(),
      settings: { rounds: ROUNDS, jobs: JOBS, inFlight: K, size: SIZE, longSec: LONG_SEC },
      rounds,
      ratio: median(rounds.map((r) => r.ratio)),
      long: {
        completes: long.result.counts.complete,
        seconds: (long.result.endedAt - long.result.startedAt) / 1000,
        notifications: long.progressAt.length,
        spanSec: span,
        perSec: long.progressAt.length / Math.max(span, 1e-9),
        maxInAnySecond: maxInSecond,
        bytes: long.progressBytes,
        clientCpuPct,
        peakRssMiB: long.peakRssMiB,
        rssAfterMiB: idleRss,
      },
      history: hist,
    };
    writeFileSync(resolve('bench', 'loadTest', 'last-run.json'), `${JSON.stringify(raw, null, 2)}\n`);
    const MiB = 1024 * 1024;
    const lib = median(rounds.map((r) => r.library)),
      lt = median(rounds.map((r) => r.loadTest));
    const table = [
      `Machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}. Command: \`npm run bench:loadtest\`. Date: ${raw.date.slice(0, 10)}. Load average at the end: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(', ')}.`,
      `One gearmand (\`--threads 1\`), 2 processes of the library's echo worker (bench/nodeWorker.ts, 8 connections each), ${SIZE}-byte payloads, ${K} jobs in flight. Raw figures: bench/loadTest/last-run.json.`,
      '',
      '| measure | value | target |',
      '|---|---|---|',
      `| library benchmark client (bench/nodeClient.ts), ${JOBS.toLocaleString('en-US')} jobs, median of ${ROUNDS} | ${Math.round(lib).toLocaleString('en-US')} jobs/s | |`,
      `| load test through the language server, same jobs | ${Math.round(lt).toLocaleString('en-US')} jobs/s | |`,
      `| **load test / library** (median of paired rounds; rounds ${Math.min(...rounds.map((r) => r.ratio)).toFixed(2)} to ${Math.max(...rounds.map((r) => r.ratio)).toFixed(2)}) | **${raw.ratio.toFixed(3)}x** | >= 0.9x (${raw.ratio >= 0.9 ? 'met' : '**not met**'}) |`,
      `| ${LONG_SEC} s load test: progress notifications to the editor | ${raw.long.perSec.toFixed(2)}/s (at most ${maxInSecond} in any second; ${raw.long.notifications} in all, ${Math.round(raw.long.bytes / 1024)} KiB) | <= 4/s (${maxInSecond <= 4 ? 'met' : '**not met**'}) |`,
      `| ${LONG_SEC} s load test: CPU of the LSP client receiving the progress (the extension host's share of the work, without VS Code) | ${clientCpuPct.toFixed(2)}% of one core | |`,
      `| ${LONG_SEC} s load test: jobs | ${raw.long.completes.toLocaleString('en-US')} complete | |`,
      `| language server peak RSS during it | ${raw.long.peakRssMiB.toFixed(0)} MiB (${raw.long.rssAfterMiB.toFixed(0)} MiB after) | |`,
      `| one hour of queue history, ${hist.functions.toLocaleString('en-US')} functions all changing every poll (${hist.slots} buckets of ${hist.bucketMs / 1000} s) | ${(hist.worst.bytes / MiB).toFixed(1)} MiB measured (the history's own count of its arrays: ${(hist.worst.estimate / MiB).toFixed(1)} MiB), ${hist.worst.msPerPoll.toFixed(2)} ms per poll | |`,
      `| the same, 1% of the functions changing | ${(hist.typical.bytes / MiB).toFixed(1)} MiB measured, ${hist.typical.msPerPoll.toFixed(2)} ms per poll | |`,
      '',
      'VS Code itself is not in this benchmark: its extension host gets the notifications counted above (the client CPU row is the LSP client part of that work), and the panel redraws once per notification.',
    ].join('\n');
    writeSection('loadtest', '## Load test and queue history', table);
    console.log(table);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await gd.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
