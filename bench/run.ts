// Benchmark of our Gearman client against libgearman's C client, run by hand:
//   npm run bench [-- --rounds 5 --jobs1 5000 --jobs64 30000 ...]
// Compiles bench/c/, starts one gearmand, and for each set of echo workers (libgearman
// C workers, then the library's own worker) runs every scenario for both clients in
// alternating order, each run in its own child process. Writes bench/RESULTS.md.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startGearmand, type GearmandHandle } from '../test/support/gearmand';
import { AdminClient } from '../server/src/gearman/admin';
import { renderReport, type Report, type RunResult, type ScenarioResult, type WorkerSet } from './report';
import { loadAverage, machine, writeRaw, writeSection } from './results';

const FN = 'bench_echo';
const OUT = join(__dirname);
const C_DIR = join(__dirname, '..', 'c');

/** Command-line settings (`--name value`). */
export interface Settings {
  rounds: number;
  jobs1: number;
  jobs64: number;
  size: number;
  bigMib: number;
  bigRounds: number;
  bigRoundsCWorkers: number;
  cWorkers: number;
  nodeWorkers: number;
  nodeConcurrency: number;
  workers: string[];
  nodeClient: string;
  /** Another build of nodeClient.js (e.g. of an older library) to run alongside, as `before`. */
  compare: string;
}

function parseArgs(argv: string[]): Settings {
  const s: Settings = {
    rounds: 8,
    jobs1: 15000,
    jobs64: 60000,
    size: 16,
    bigMib: 64,
    bigRounds: 3,
    bigRoundsCWorkers: 3,
    cWorkers: 4,
    nodeWorkers: 1,
    nodeConcurrency: 4,
    workers: ['c', 'node'],
    nodeClient: join(OUT, 'nodeClient.js'),
    compare: '',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) as keyof Settings;
    const value = argv[i + 1];
    if (!(key in s) || value === undefined) throw new Error(`unknown option or missing value: ${argv[i]}`);
    if (key === 'workers') s.workers = value.split(',');
    else if (key === 'nodeClient' || key === 'compare') s[key] = value;
    else s[key] = Number(value);
  }
  return s;
}

const children = new Set<ChildProcess>();
let gearmand: GearmandHandle | undefined;

function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
  gearmand?.process.kill('SIGKILL');
}

/** Runs one benchmark child and parses its JSON line. */
function runChild(cmd: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (code !== 0)
        reject(new Error(`${cmd} ${args.join(' ')} ended with ${signal ?? `exit code ${code}`}: ${err.trim()}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as RunResult);
    });
  });
}

function startProcess(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stopProcesses(list: ChildProcess[]): Promise<void> {
  await Promise.all(
    list.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 3000).unref();
        }),
    ),
  );
}

/** Waits until gearmand lists `count` workers for the echo function (and no queued jobs). */
async function waitForWorkers(server: GearmandHandle, count: number): Promise<void> {
  const admin = new AdminClient({ host: server.host, port: server.port });
  try {
    const end = Date.now() + 15_000;
    for (;;) {
      const row = (await admin.status()).find((r) => r.name === FN);
      if (row && row.workers === count && row.total === 0) return;
      if (Date.now() > end) throw new Error(`gearmand lists ${row?.workers ?? 0} of ${count} workers for ${FN}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    admin.close();
  }
}

function compileC(): string {
  const dir = join(OUT, 'c');
  mkdirSync(dir, { recursive: true });
  for (const name of ['echo_worker', 'client']) {
    execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-o', join(dir, name), join(C_DIR, `${name}.c`), '-lgearman'], {
      stdio: 'inherit',
    });
  }
  return dir;
}

async function main(): Promise<void> {
  const s = parseArgs(process.argv.slice(2));
  const cDir = compileC();
  const cClient = join(cDir, 'client');
  const server = (gearmand = await startGearmand({ kind: 'gearmand' }));
  const at = [server.host, String(server.port), FN];
  const sets: WorkerSet[] = [];
  const started = new Date().toISOString();
  const loadStart = loadAverage();
  const log = (m: string) => process.stderr.write(`${m}\n`);
  try {
    for (const kind of s.workers) {
      const workers =
        kind === 'c'
          ? Array.from({ length: s.cWorkers }, () => startProcess(join(cDir, 'echo_worker'), at))
          : Array.from({ length: s.nodeWorkers }, () =>
              startProcess(process.execPath, [join(OUT, 'nodeWorker.js'), ...at, String(s.nodeConcurrency)]),
            );
      const count = kind === 'c' ? s.cWorkers : s.nodeWorkers * s.nodeConcurrency;
      const label =
        kind === 'c'
          ? `${s.cWorkers} libgearman C echo workers (bench/c/echo_worker.c)`
          : `${s.nodeWorkers} process(es) of the library's GearmanWorker, concurrency ${s.nodeConcurrency}`;
      log(`== workers: ${label}`);
      await waitForWorkers(server, count);
      const scenarios: ScenarioResult[] = [];
      const rtt = async (name: string, jobs: number, k: number, modes: string[]) => {
        const who3 = [...modes, 'node', 'raw', ...(s.compare ? ['before'] : [])];
        const runs: Record<string, RunResult[]> = Object.fromEntries(who3.map((w) => [w, []]));
        const args = ['rtt', String(jobs), String(k), String(s.size)];
        for (let r = 0; r < s.rounds; r++) {
          // Back to back and in alternating order, so a burst of load elsewhere hits every client alike.
          for (const who of r % 2 === 0 ? who3 : [...who3].reverse()) {
            const res =
              who === 'node' || who === 'before'
                ? await runChild(process.execPath, [who === 'node' ? s.nodeClient : s.compare, ...at, ...args], 300_000)
                : who === 'raw'
                  ? await runChild(process.execPath, [join(OUT, 'rawNodeClient.js'), ...at, ...args], 300_000)
                  : await runChild(cClient, [...at, ...args, who], 300_000);
            runs[who].push(res);
            log(`${name} round ${r + 1} ${who}: ${Math.round(res.jobsPerSec ?? 0)} jobs/s`);
          }
        }
        scenarios.push({ name, kind: 'rtt', jobs, inFlight: k, runs });
      };
      await rtt('round trips, 1 in flight', s.jobs1, 1, ['do', 'refill']);
      await rtt('round trips, 64 in flight', s.jobs64, 64, ['refill', 'batch']);
      const bigRounds = kind === 'c' ? s.bigRoundsCWorkers : s.bigRounds;
      if (bigRounds > 0) {
        const bytes = s.bigMib * 1024 * 1024;
        const who2 = ['do', 'node', ...(s.compare ? ['before'] : [])];
        const runs: Record<string, RunResult[]> = Object.fromEntries(who2.map((w) => [w, []]));
        for (let r = 0; r < bigRounds; r++) {
          for (const who of r % 2 === 0 ? who2 : [...who2].reverse()) {
            const res =
              who !== 'do'
                ? await runChild(
                    process.execPath,
                    [who === 'node' ? s.nodeClient : s.compare, ...at, 'big', String(bytes)],
                    900_000,
                  )
                : await runChild(cClient, [...at, 'big', String(bytes)], 900_000);
            runs[who].push(res);
            log(
              `${s.bigMib} MiB round ${r + 1} ${who}: ${res.seconds.toFixed(2)} s, ${Math.round(res.maxRssKiB / 1024)} MiB peak RSS`,
            );
          }
        }
        scenarios.push({ name: `one ${s.bigMib} MiB payload round trip`, kind: 'big', bytes, runs });
      }
      sets.push({ label, scenarios });
      await stopProcesses(workers);
    }
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await server.stop();
  }
  const report: Report = {
    settings: s,
    sets,
    started,
    finished: new Date().toISOString(),
    machine: machine(),
    load: { start: loadStart, end: loadAverage() },
    argv: process.argv.slice(2),
  };
  const raw = writeRaw('jobs', report);
  const body = renderReport(report, raw);
  writeSection('jobs', '## Job client against libgearman', body);
  process.stdout.write(`${body}\nWrote bench/RESULTS.md and ${raw}\n`);
}

process.on('SIGINT', () => {
  killAll();
  process.exit(130);
});
main().catch((e: unknown) => {
  killAll();
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
