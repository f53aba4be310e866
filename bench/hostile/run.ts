// Hostile-input benchmark: what a flood of WORK_DATA and a huge result cost the language
// server (CPU, peak RSS, notifications, time to the result or to the error) and the extension
// host (folding the notification stream into the job state, in a plain Node process), for
// this tree and for the server and jobState before the bound (built from BEFORE_REV), next to
// the floor: the library's own client receiving the same bytes with no editor in between.
// Run: npm run bench:hostile (writes bench/hostile/results.json and the "Hostile input"
// section of bench/RESULTS.md).
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startGearmand } from '../../test/support/gearmand';
import { writeSection } from '../results';
import { procStats } from './proc';
import { startMeasured } from './session';
import { report, type Figures } from './report';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
/** Packets of the flood, MB of the big result, events of the old stream folded (a quick look: --flood 2000 --big-mib 5 --dry-run). */
const FLOOD = arg('flood', 200_000);
const BIG_MIB = arg('big-mib', 200);
const OLD_FOLD = Math.min(FLOOD, 40_000);
const DRY_RUN = process.argv.includes('--dry-run');
const OUT = resolve(__dirname);
const AFTER_SERVER = resolve('dist/server.js');
const BEFORE_SERVER = join(OUT, 'before', 'server.js');
/** The revision the "before" server and jobState were built from (build.mjs writes it). */
const BEFORE_REV = (JSON.parse(readFileSync(join(OUT, 'before', 'rev.json'), 'utf8')) as { rev: string }).rev;

/** Runs a bundled child script and parses the JSON line it prints. */
function child(script: string, args: string[]): Record<string, number> {
  return JSON.parse(
    execFileSync(process.execPath, [join(OUT, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim(),
  ) as Record<string, number>;
}

interface Scenario {
  name: string;
  server: string;
  jobMethod: string;
  fn: 'flood' | 'big';
  settings?: Record<string, unknown>;
  record?: string;
}

/** One job through one fresh server: time to the answer, the server's CPU and peak RSS, notifications. */
async function throughServer(port: number, s: Scenario): Promise<Record<string, number | string>> {
  const m = await startMeasured(
    s.server,
    { servers: [{ name: 'local', host: '127.0.0.1', port }], refreshInterval: 3600, ...s.settings },
    s.jobMethod,
    s.record,
  );
  try {
    await m.up;
    const idle = procStats(m.proc.pid!);
    const t0 = performance.now();
    let outcome = 'complete';
    await m
      .submit({
        jobId: s.name,
        serverId: 'local',
        function: s.fn,
        payload: Buffer.from(s.fn === 'big' ? String(BIG_MIB) : '').toString('base64'),
      })
      .catch((e: Error) => {
        outcome = e.message.replace(/^Request workspace\/executeCommand failed with message: /, '');
      });
    const ms = performance.now() - t0;
    const end = procStats(m.proc.pid!);
    return {
      ms,
      serverCpuMs: end.cpuMs - idle.cpuMs,
      idleRssMiB: idle.rssMiB,
      peakRssMiB: end.peakRssMiB,
      notifications: m.notifications,
      notificationMiB: m.notificationBytes / 1024 / 1024,
      outcome,
    };
  } finally {
    await m.close();
  }
}

async function main(): Promise<void> {
  const gd = await startGearmand();
  const tmp = mkdtempSync(join(tmpdir(), 'gearman-bench-hostile-'));
  const worker: ChildProcess = fork(join(OUT, 'worker.js'), [String(gd.port), String(FLOOD)], { stdio: 'inherit' });
  try {
    await new Promise<void>((r) => worker.once('message', () => r()));
    const beforeStream = join(tmp, 'before.jsonl');
    const afterStream = join(tmp, 'after.jsonl');
    const f: Figures = { flood: {}, big: {}, fold: {} } as Figures;
    const log = (what: string, v: unknown) => console.log(what, JSON.stringify(v));

    f.flood.floor = child('floor.js', [String(gd.port), 'flood']);
    log('flood floor', f.flood.floor);
    f.flood.after = await throughServer(gd.port, {
      name: 'flood-after',
      server: AFTER_SERVER,
      jobMethod: 'gearman/jobEvents',
      fn: 'flood',
      record: afterStream,
    });
    log('flood after', f.flood.after);
    f.flood.before = await throughServer(gd.port, {
      name: 'flood-before',
      server: BEFORE_SERVER,
      jobMethod: 'gearman/jobEvent',
      fn: 'flood',
      record: beforeStream,
    });
    log('flood before', f.flood.before);

    f.big.floor = child('floor.js', [String(gd.port), 'big', String(BIG_MIB)]);
    log('big floor', f.big.floor);
    f.big.afterRaised = await throughServer(gd.port, {
      name: 'big-raised',
      server: AFTER_SERVER,
      jobMethod: 'gearman/jobEvents',
      fn: 'big',
      settings: { jobs: { maxPacketMiB: 256, maxOutputMiB: 256 } },
    });
    log('big after (raised)', f.big.afterRaised);
    f.big.afterDefault = await throughServer(gd.port, {
      name: 'big-default',
      server: AFTER_SERVER,
      jobMethod: 'gearman/jobEvents',
      fn: 'big',
    });
    log('big after (default)', f.big.afterDefault);
    f.big.before = await throughServer(gd.port, {
      name: 'big-before',
      server: BEFORE_SERVER,
      jobMethod: 'gearman/jobEvent',
      fn: 'big',
    });
    log('big before', f.big.before);

    // The extension host: parse and fold what each server sent. Before the bound, 40,000 events already took minutes.
    f.fold.afterParse = child('fold.js', [afterStream, '', '--parse-only']);
    log('fold after parse', f.fold.afterParse);
    f.fold.after = child('fold.js', [afterStream]);
    log('fold after', f.fold.after);
    f.fold.beforeParse = child('fold.js', [beforeStream, String(OLD_FOLD), '--parse-only']);
    log('fold before parse', f.fold.beforeParse);
    f.fold.before = child(join('before', 'fold.js'), [beforeStream, String(OLD_FOLD)]);
    log('fold before', f.fold.before);
    // This jobState alone, given every packet as its own event (a server that does not batch): the whole old stream.
    f.fold.unbatchedParse = child('fold.js', [beforeStream, '', '--parse-only']);
    log('fold unbatched parse', f.fold.unbatchedParse);
    f.fold.unbatched = child('fold.js', [beforeStream, '', '--as-chunks']);
    log('fold unbatched', f.fold.unbatched);

    const meta = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
      memGiB: Math.round(totalmem() / 2 ** 30),
      load: loadavg()
        .map((x) => x.toFixed(2))
        .join(', '),
      beforeRev: BEFORE_REV,
      floodPackets: FLOOD,
      bigMiB: BIG_MIB,
      gearmand: execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'gearman-job-server'], {
        encoding: 'utf8',
      }).trim(),
    };
    if (DRY_RUN) {
      console.log(report(meta, f));
      return;
    }
    writeFileSync(join('bench', 'hostile', 'results.json'), `${JSON.stringify({ meta, ...f }, null, 2)}\n`);
    writeSection('hostile', '## Hostile input (job events and results)', report(meta, f));
    console.log('wrote bench/hostile/results.json and the hostile section of bench/RESULTS.md');
  } finally {
    worker.kill();
    await gd.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
