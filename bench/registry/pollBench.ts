// Registry poll benchmark: a gearmand with 10,000 functions and 5,000 workers (the library's own
// worker, in several processes). A poll reads `status`, `workers` and `prioritystatus`. Per poll:
//   socket = receiving the three replies from gearmand (for reference: mostly gearmand's own work),
//   scan   = one pass over every byte of the same replies in process (the floor: no parser does less),
//   parse  = adminParse on those bytes, diff = applyPoll against the previous snapshot.
// Then, through the real language server, the latency from a poll to the tree row to redraw
// (pollToRow.ts), and the server's RSS. Run: npm run bench:registry (writes its section of
// bench/RESULTS.md and bench/results/registry.json).
import { fork, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { startGearmand } from '../../test/support/gearmand';
import { AdminClient } from '../../server/src/gearman/admin';
import { parsePriorityStatus, parseStatus, parseWorkers } from '../../server/src/gearman/adminParse';
import { applyPoll, initialSnapshot } from '../../server/src/registry/snapshot';
import {
  loadAverage,
  machine,
  median,
  met,
  ms,
  percentile,
  runLine,
  times,
  writeRaw,
  writeSection,
  type Machine,
} from '../results';
import { pollToRow, type ServerSide } from './pollToRow';

const FUNCTIONS = 10_000;
const WORKERS = 5_000;
const WORKER_PROCESSES = 5;
const ROUNDS = 30;
const LATENCY_ROUNDS = 20;
const TARGET = 2;

/** Sends one admin line and resolves with the raw reply once the `.` line arrived. */
function readRaw(sock: Socket, line: string): Promise<{ bytes: Buffer; ms: number }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const t0 = performance.now();
    const onData = (c: Buffer) => {
      chunks.push(c);
      const n = c.length;
      if (n >= 2 && c[n - 2] === 0x2e && c[n - 1] === 0x0a && (n === 2 || c[n - 3] === 0x0a || chunks.length > 1)) {
        sock.off('data', onData);
        resolve({ bytes: Buffer.concat(chunks), ms: performance.now() - t0 });
      }
    };
    sock.on('data', onData);
    sock.write(`${line}\r\n`);
  });
}

/** The floor: visits every byte once (counting line ends, so the loop cannot be dropped). */
function scan(bytes: Buffer): number {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lines++;
  return lines;
}

/** Everything one run measured (bench/results/registry.json). */
interface RegistryRun {
  date: string;
  machine: Machine;
  load: { start: number[]; end: number[] };
  functions: number;
  workers: number;
  replyBytes: { status: number; workers: number; prioritystatus: number };
  /** Per poll, in ms. */
  socketMs: number[];
  scanMs: number[];
  parseMs: number[];
  /** parseMs split by reply. */
  parseByReply: { status: number[]; workers: number[]; prioritystatus: number[] };
  diffMs: number[];
  /** Function whose queue grows in the latency rounds (one with no worker). */
  changedFunction: string;
  server: ServerSide;
}

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const gd = await startGearmand({ extraArgs: ['--file-descriptors', '20000'] });
  const children: ChildProcess[] = [];
  try {
    const admin = new AdminClient({ host: gd.host, port: gd.port });
    for (let i = 0; i < FUNCTIONS; i++) await admin.createFunction(`fn_${String(i).padStart(5, '0')}`);
    admin.close();
    const per = WORKERS / WORKER_PROCESSES;
    for (let p = 0; p < WORKER_PROCESSES; p++) {
      const child = fork(
        `${__dirname}/manyWorkers.js`,
        [String(gd.port), String(per), String(p * per), String(FUNCTIONS)],
        { stdio: 'inherit' },
      );
      children.push(child);
      await new Promise<void>((r) => child.once('message', () => r()));
    }
    const sock = await new Promise<Socket>((r) => {
      const s = connect(gd.port, gd.host, () => r(s));
    });
    const run: RegistryRun = {
      date: new Date().toISOString(),
      machine: machine(),
      load: { start: loadStart, end: [] },
      functions: FUNCTIONS,
      workers: WORKERS,
      replyBytes: { status: 0, workers: 0, prioritystatus: 0 },
      socketMs: [],
      scanMs: [],
      parseMs: [],
      diffMs: [],
      changedFunction: '',
      parseByReply: { status: [], workers: [], prioritystatus: [] },
      server: { polls: [], rssMiB: NaN, peakRssMiB: NaN },
    };
    let snap = initialSnapshot({ id: 'bench', name: 'bench', host: gd.host, port: gd.port, source: 'user' });
    for (let round = 0; round < ROUNDS + 2; round++) {
      const st = await readRaw(sock, 'status');
      const wk = await readRaw(sock, 'workers');
      const pr = await readRaw(sock, 'prioritystatus');
      run.replyBytes = { status: st.bytes.length, workers: wk.bytes.length, prioritystatus: pr.bytes.length };
      const t0 = performance.now();
      const lines = scan(st.bytes) + scan(wk.bytes) + scan(pr.bytes);
      const t1 = performance.now();
      const status = parseStatus(st.bytes);
      const ta = performance.now();
      const workers = parseWorkers(wk.bytes);
      const tb = performance.now();
      const data = { status, workers, priority: parsePriorityStatus(pr.bytes) };
      const t2 = performance.now();
      snap = applyPoll(snap, data, Date.now());
      const t3 = performance.now();
      if (lines !== data.status.length + data.workers.length + data.priority.length + 3)
        throw new Error(
          `the scan counted ${lines} lines, the parser ${data.status.length + data.workers.length + data.priority.length} rows`,
        );
      if (round < 2) continue; // warm-up of the JIT
      run.socketMs.push(st.ms + wk.ms + pr.ms);
      run.scanMs.push(t1 - t0);
      run.parseMs.push(t2 - t1);
      run.parseByReply.status.push(ta - t1);
      run.parseByReply.workers.push(tb - ta);
      run.parseByReply.prioritystatus.push(t2 - tb);
      run.diffMs.push(t3 - t2);
    }
    sock.destroy();
    if (snap.functions.length !== FUNCTIONS || snap.workers.length !== WORKERS) {
      throw new Error(
        `expected ${FUNCTIONS} functions and ${WORKERS} workers, saw ${snap.functions.length} and ${snap.workers.length}`,
      );
    }
    const idle = snap.functions.find((f) => f.workers === 0);
    if (!idle) throw new Error('every function has a worker: no queue can grow for the latency rounds');
    run.changedFunction = idle.name;
    run.server = await pollToRow(gd.host, gd.port, idle.name, LATENCY_ROUNDS, {
      functions: FUNCTIONS,
      workers: WORKERS,
    });
    run.load.end = loadAverage();
    const raw = writeRaw('registry', run);
    const body = render(run, raw);
    console.log(body);
    writeSection(
      'registry',
      `## Registry poll (${FUNCTIONS.toLocaleString('en-US')} functions, ${WORKERS.toLocaleString('en-US')} workers)`,
      body,
    );
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await gd.stop();
  }
}

function render(r: RegistryRun, rawFile: string): string {
  const sc = median(r.scanMs),
    p = median(r.parseMs),
    d = median(r.diffMs);
  const ratio = (p + d) / sc;
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const polls = r.server.polls;
  const stat = (xs: number[]) => `${ms(median(xs))} (p95 ${ms(percentile(xs, 95))})`;
  return [
    `Command: \`npm run bench:registry\`. Date: ${r.date}. ${r.functions} functions (\`create function\`), ${r.workers} workers (the library's worker, ${WORKER_PROCESSES} processes), medians of ${r.scanMs.length} polls after 2 warm-up polls.`,
    runLine(r.machine, r.load, rawFile),
    '',
    '| measure | value | target |',
    '|---|---|---|',
    `| reply size: status / workers / prioritystatus | ${kib(r.replyBytes.status)} / ${kib(r.replyBytes.workers)} / ${kib(r.replyBytes.prioritystatus)} | |`,
    `| receive the three replies from gearmand over the socket (reference: includes gearmand building them) | ${ms(median(r.socketMs))} | |`,
    `| scan the same bytes in process, one pass over every byte (floor) | ${median(r.scanMs).toFixed(3)} ms | |`,
    `| parse (adminParse): status / workers / prioritystatus | ${ms(p)}: ${ms(median(r.parseByReply.status))} / ${ms(median(r.parseByReply.workers))} / ${ms(median(r.parseByReply.prioritystatus))} | |`,
    `| diff (applyPoll, nothing changed) | ${ms(d)} | |`,
    `| **(parse + diff) / scan** | **${times(ratio)}** | ≤ ${TARGET}x: ${met(ratio <= TARGET)} |`,
    `| (parse + diff) / receive, for reference | ${times((p + d) / median(r.socketMs))} | |`,
    '',
    `Poll to tree row, through dist/server.js over stdio (${polls.length} polls, each after one more job was queued for ${r.changedFunction}, a function with no worker): ` +
      "`gearman/refresh` sent → `gearman/registryChanged` received → the Servers view's row diff (client/src/views/treeDiff.ts) done. " +
      "VS Code's own redraw of the row is not measured.",
    '',
    '| measure | median (p95) |',
    '|---|---|',
    `| refresh sent → registryChanged received (poll, parse, diff, JSON of ${kib(median(polls.map((x) => x.bytes)))} over stdio) | ${stat(polls.map((x) => x.notifiedMs))} |`,
    `| JSON.stringify / JSON.parse of that payload, timed apart in this process (the server encodes it, the editor decodes it) | ${stat(polls.map((x) => x.encodeMs))} / ${stat(polls.map((x) => x.decodeMs))} |`,
    `| row diff in the client | ${stat(polls.map((x) => x.diffMs))} |`,
    `| **poll to row known** | **${stat(polls.map((x) => x.totalMs))}** |`,
    `| rows to redraw per poll | ${[...new Set(polls.map((x) => x.rows.join(', ')))].join('; ')} (every poll) |`,
    `| language server RSS after these polls | ${r.server.rssMiB.toFixed(0)} MiB (peak ${r.server.peakRssMiB.toFixed(0)} MiB) |`,
  ].join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
