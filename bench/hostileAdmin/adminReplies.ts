// Hostile input, admin replies: the language server before the admin-reply bounds (built from
// BEFORE by bench/hostileAdmin/build.mjs) next to this one (dist/server.js), in the same run.
//   huge:  a fake server answering `status` with 1,000,000 rows (15 MB) on every poll, one row
//          changing per poll: peak RSS of the server (VmHWM) after POLLS polls, divided by the
//          same build polling a 10-row server (the floor: the server's own memory), and the JSON
//          bytes of gearman/registryChanged for the first poll and each later one;
//   flood: a fake sending 70 MiB without an end: time to the poll's error, peak RSS, the error;
//   10k:   a real gearmand with 10,000 functions, one of which gets a queued job per poll
//          (gearman/refresh): bytes of gearman/registryChanged per poll.
// The extension host is not measured here; the notification bytes are what it receives.
// Run: npm run bench:hostile-admin (writes its block of bench/RESULTS.md and bench/results/adminReplies.json).
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { startFake, type FakeServer } from '../../test/integration/adminFakes';
import { startLspProcess, type LspProcess } from '../../test/lsp/support/lspClient';
import { startGearmand } from '../../test/support/gearmand';
import { AdminClient } from '../../server/src/gearman/admin';
import { GearmanClient } from '../../server/src/gearman/client';
import { refreshRegistry, registryChanged } from '../../server/src/protocol';
import { loadAverage, machine, median, writeRaw, writeSection } from '../results';
import { render, type Build, type Run } from './report';

// QUICK=1: a tenth of the rows and functions, to try the benchmark itself (its figures are not committed).
const QUICK = process.env.QUICK === '1';
const ROWS = QUICK ? 100_000 : 1_000_000;
const POLLS = 3;
const FUNCTIONS = QUICK ? 1000 : 10_000;
const ROUNDS = 5;
const MAX_ROWS = 2000;
// Written by build.mjs: the revision of the "before" server and where its bundle is.
const { rev: BEFORE, serverJs: BEFORE_JS } = JSON.parse(readFileSync('bench/out/hostileAdmin/before.json', 'utf8')) as {
  rev: string;
  serverJs: string;
};
const BUILDS: { name: string; serverJs?: string }[] = [
  { name: `before (${BEFORE})`, serverJs: BEFORE_JS },
  { name: 'after' },
];

function peakRssMiB(lsp: LspProcess): number {
  const s = readFileSync(`/proc/${lsp.proc.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? NaN) / 1024;
}

/** JSON bytes of the registryChanged notifications about the server at `port` (both builds name it by `127.0.0.1:port`). */
const jsonBytes = (lsp: LspProcess, port: number) =>
  lsp
    .received(registryChanged)
    .map((d) => JSON.stringify(d))
    .filter((j) => j.includes(`127.0.0.1:${port}`))
    .map((j) => Buffer.byteLength(j));

/** A fake answering `status` with `rows` rows (one changing per poll) and empty other lists. */
async function fakeWith(rows: number): Promise<FakeServer> {
  const parts: string[] = [];
  for (let i = 0; i < rows - 1; i++) parts.push(`f${String(i).padStart(7, '0')}\t0\t0\t0\n`);
  const body = Buffer.from(parts.join(''));
  let n = 0;
  return startFake((line, sock: Socket) => {
    if (line === 'version') sock.write('OK 1.1.20\n');
    else if (line === 'status') {
      sock.write(`busy\t${++n}\t0\t0\n`);
      sock.write(body);
      sock.write('.\n');
    } else sock.write('.\n');
  });
}

/** Polls a fake until POLLS polls after the first were sent to the editor. */
async function pollFake(
  rows: number,
  build: { serverJs?: string },
): Promise<{ peakRssMiB: number; bytes: number[]; replyBytes: number }> {
  const fake = await fakeWith(rows);
  const lsp = await startLspProcess(
    {
      servers: [{ name: 'fake', host: '127.0.0.1', port: fake.port }],
      refreshInterval: 1,
      explorer: { maxRows: MAX_ROWS },
    },
    { serverJs: build.serverJs },
  );
  try {
    // The settings' notification, then one per poll (every poll changes one row).
    await lsp.waitFor(
      registryChanged,
      () => jsonBytes(lsp, fake.port).length >= 2 + POLLS,
      600_000,
      `${POLLS + 1} polls of a ${rows}-row server`,
    );
    return {
      peakRssMiB: peakRssMiB(lsp),
      bytes: jsonBytes(lsp, fake.port).slice(1, 2 + POLLS),
      replyBytes: rows * 15 + 2,
    };
  } finally {
    await lsp.close();
    await fake.close();
  }
}

/** A reply that never ends: time until the poll fails, and its error. */
async function flood(build: { serverJs?: string }): Promise<Omit<Run['flood'][number], 'name'>> {
  const chunk = Buffer.from(`${'x'.repeat(1000)}\t0\t0\t0\n`.repeat(1024));
  const fake = await startFake((line, sock) => {
    if (line === 'version') sock.write('OK 1.1.20\n');
    else if (line === 'status') for (let i = 0; i < 70 && !sock.destroyed; i++) sock.write(chunk);
  });
  const t0 = performance.now();
  const lsp = await startLspProcess(
    { servers: [{ name: 'flood', host: '127.0.0.1', port: fake.port }], refreshInterval: 1 },
    { serverJs: build.serverJs },
  );
  try {
    const d = await lsp.waitFor(
      registryChanged,
      (x) => JSON.stringify(x).includes(`127.0.0.1:${fake.port}`) && JSON.stringify(x).includes('"down"'),
      120_000,
      'the flood poll to fail',
    );
    const ms = performance.now() - t0;
    const error = /"error":"((?:[^"\\]|\\.)*)"/.exec(JSON.stringify(d))?.[1] ?? '';
    return { ms, peakRssMiB: peakRssMiB(lsp), error: JSON.parse(`"${error}"`) as string };
  } finally {
    await lsp.close();
    await fake.close();
  }
}

/** Bytes of registryChanged per poll with 10,000 functions, one of which gets a job before each poll. */
async function tenThousand(port: number, build: { serverJs?: string }): Promise<number[]> {
  const lsp = await startLspProcess(
    { servers: [{ host: '127.0.0.1', port }], refreshInterval: 3600, explorer: { maxRows: 2 * FUNCTIONS } },
    { serverJs: build.serverJs },
  );
  const client = new GearmanClient({ host: '127.0.0.1', port });
  try {
    await lsp.waitFor(registryChanged, () => jsonBytes(lsp, port).length > 0, 60_000, 'the settings');
    await lsp.conn.sendRequest(refreshRegistry, {});
    const bytes: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      await client.submit('fn_04242', `bench ${r}`, { background: true }).result;
      const before = jsonBytes(lsp, port).length;
      // The server sends the notification before it answers the refresh, on the same stream.
      await lsp.conn.sendRequest(refreshRegistry, {});
      const sent = jsonBytes(lsp, port).slice(before);
      if (sent.length !== 1) throw new Error(`poll ${r}: expected one registryChanged, got ${sent.length}`);
      bytes.push(sent[0]);
    }
    return bytes;
  } finally {
    client.close();
    await lsp.close();
  }
}

async function main(): Promise<void> {
  const run: Run = {
    date: new Date().toISOString(),
    machine: machine(),
    load: { start: loadAverage(), end: [] },
    before: BEFORE,
    rows: ROWS,
    polls: POLLS,
    maxRows: MAX_ROWS,
    functions: FUNCTIONS,
    builds: [],
    flood: [],
  };
  const gd = await startGearmand();
  try {
    const admin = new AdminClient({ host: gd.host, port: gd.port });
    for (let i = 0; i < FUNCTIONS; i++) await admin.createFunction(`fn_${String(i).padStart(5, '0')}`);
    admin.close();
    for (const b of BUILDS) {
      const floor = await pollFake(10, b);
      const huge = await pollFake(ROWS, b);
      const perPoll = await tenThousand(gd.port, b);
      const entry: Build = {
        name: b.name,
        floorRssMiB: floor.peakRssMiB,
        hugeRssMiB: huge.peakRssMiB,
        hugeBytes: huge.bytes,
        replyBytes: huge.replyBytes,
        tenThousandBytes: perPoll,
      };
      run.builds.push(entry);
      run.flood.push({ name: b.name, ...(await flood(b)) });
      console.log(JSON.stringify(entry), `median 10k bytes ${median(perPoll)}`);
    }
  } finally {
    await gd.stop();
  }
  run.load.end = loadAverage();
  if (QUICK) return void console.log(render(run, '(not written)'));
  const raw = writeRaw('adminReplies', run);
  writeSection('hostile-admin', '## Hostile input (admin replies)', render(run, raw));
}

/** `--render`: rewrites the block of bench/RESULTS.md from the committed raw figures, measuring nothing. */
async function renderOnly(): Promise<void> {
  const file = 'bench/results/adminReplies.json';
  writeSection(
    'hostile-admin',
    '## Hostile input (admin replies)',
    render(JSON.parse(readFileSync(file, 'utf8')) as Run, file),
  );
}

(process.argv.includes('--render') ? renderOnly() : main()).then(
  () => {
    // Runs hold the machine's heavy-test lock: once the figures are written, nothing left open
    // by a server that was killed (the old one, mid-way through an 80 MB notification) may keep it.
    process.exit(0);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
