// Hostile-files benchmark: what a repository's crafted files cost. (1) A .vscode/settings.json of
// nested arrays, read by the extension when it starts in an untrusted folder: this tree's reader
// (jsonc-parser, 1 MiB cap) and the one before it (BEFORE_REV), next to the floor, reading the
// same bytes and JSON.parse. (2) A `.php` symlink to /dev/zero and a FIFO named in a file-change
// event: the language server's peak RSS and bytes read against its own figures before the event.
// (3) `@/dev/zero`, a FIFO and a file over the cap as a job file's payload: time to the refusal,
// bytes read and peak RSS, against the cheapest refusal (a file that does not exist).
// Run: npm run bench:hostile-files (writes bench/results/hostileFiles.json and its section of RESULTS.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  FileChangeType,
  type FileEvent,
} from 'vscode-languageserver-protocol';
import { workspaceServersFromFiles } from '../../client/src/workspaceSettings';
import { logMessage } from '../../server/src/protocol';
import { startLspProcess, type LspProcess } from '../../test/lsp/support/lspClient';
import { procStats } from '../hostile/proc';
import { loadAverage, machine, median, runLine, writeRaw, writeSection } from '../results';

const OUT = resolve(__dirname);
const BEFORE = JSON.parse(readFileSync(join(OUT, 'before', 'rev.json'), 'utf8')) as { rev: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const before = require(join(OUT, 'before', 'workspaceSettings.js')) as {
  workspaceServersFromFiles: typeof workspaceServersFromFiles;
};

const KiB = 1024;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
/** Bytes the process has read with read(2) and friends (/proc/<pid>/io `rchar`). */
const rchar = (pid: number) => Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);

/** A settings file of `bytes` of nested arrays, valid JSON, with the servers entry last. */
function crafted(bytes: number): string {
  const filler = '[[],[],[]],'.repeat(Math.floor(bytes / 11));
  return `{ "junk": [${filler}[]], "gearman.servers": [{ "host": "theirs" }] }`;
}

function timeReader(dir: string, read: (folder: string) => unknown, runs: number): number {
  if (runs > 1) read(dir); // warm-up, not timed: the first call also compiles the reader
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const got = read(dir) as { host: string }[] | undefined;
    t.push(ms(t0));
    if (got?.[0]?.host !== 'theirs') throw new Error(`the reader did not find the servers in ${dir}`);
  }
  return median(t);
}

function settingsFigures(root: string) {
  const rows: { kiB: number; floorMs: number; nowMs: number; beforeMs?: number }[] = [];
  // Warm-up, not timed: both readers compiled before the first size is measured.
  const warm = join(root, 'settings-warm-up');
  mkdirSync(join(warm, '.vscode'), { recursive: true });
  writeFileSync(join(warm, '.vscode', 'settings.json'), crafted(64 * KiB));
  for (let i = 0; i < 5; i++) timeReader(warm, (d) => workspaceServersFromFiles(undefined, [d]), 1);
  for (const kiB of [16, 32, 64, 512, 900]) {
    const dir = join(root, `settings-${kiB}`);
    mkdirSync(join(dir, '.vscode'), { recursive: true });
    const file = join(dir, '.vscode', 'settings.json');
    writeFileSync(file, crafted(kiB * KiB));
    const floorMs = timeReader(
      dir,
      () => (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)['gearman.servers'],
      5,
    );
    const nowMs = timeReader(dir, (d) => workspaceServersFromFiles(undefined, [d]), 5);
    // The old reader is quadratic: 512 KiB took 211 s when the issue measured it; only the small sizes are run.
    const beforeMs =
      kiB <= 64
        ? timeReader(dir, (d) => before.workspaceServersFromFiles(undefined, [d]), kiB <= 32 ? 3 : 1)
        : undefined;
    rows.push({ kiB, floorMs, nowMs, ...(beforeMs !== undefined ? { beforeMs } : {}) });
    console.log(
      `settings ${kiB} KiB: floor ${floorMs.toFixed(2)} ms, now ${nowMs.toFixed(2)} ms${beforeMs !== undefined ? `, before ${beforeMs.toFixed(0)} ms` : ''}`,
    );
  }
  return rows;
}

async function indexFigures(root: string) {
  const ws = join(root, 'index');
  mkdirSync(join(ws, 'workers'), { recursive: true });
  writeFileSync(
    join(ws, 'client.php'),
    "<?php\n$client = new GearmanClient();\n$client->doNormal('resize_image', $png);\n",
  );
  const lsp = await startLspProcess({ servers: [] }, { rootUri: pathToFileURL(ws).href });
  try {
    await lsp.waitFor(
      logMessage,
      (l) => l.message.startsWith('Indexed Gearman function names'),
      60_000,
      'first index run',
    );
    symlinkSync('/dev/zero', join(ws, 'workers', 'evil.php'));
    execFileSync('mkfifo', [join(ws, 'workers', 'pipe.php')]);
    const pid = lsp.proc.pid!;
    const idle = procStats(pid);
    const read0 = rchar(pid);
    const mark = lsp.mark();
    const t0 = process.hrtime.bigint();
    const changes: FileEvent[] = ['evil.php', 'pipe.php'].map((f) => ({
      uri: pathToFileURL(join(ws, 'workers', f)).href,
      type: FileChangeType.Changed,
    }));
    await lsp.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    const skipped = (f: string) =>
      mark.waitFor(
        logMessage,
        (l) => l.message.startsWith('Gearman index: skipped') && l.message.includes(f),
        60_000,
        `the warning for ${f}`,
      );
    const [zero, fifo] = await Promise.all([skipped('evil.php'), skipped('pipe.php')]);
    const toWarnings = ms(t0);
    const after = procStats(pid);
    const messages = [zero.message, fifo.message].map((x) => x.replaceAll(ws, '<ws>'));
    return {
      idleRssMiB: idle.rssMiB,
      peakRssMiB: after.peakRssMiB,
      bytesRead: rchar(pid) - read0,
      toWarningsMs: toWarnings,
      messages,
    };
  } finally {
    await lsp.close();
  }
}

async function jobFileFigures(root: string) {
  const ws = join(root, 'jobs');
  mkdirSync(ws, { recursive: true });
  symlinkSync('/dev/zero', join(ws, 'zero.bin'));
  execFileSync('mkfifo', [join(ws, 'pipe')]);
  writeFileSync(join(ws, 'big.bin'), '');
  truncateSync(join(ws, 'big.bin'), 17 * 1024 * KiB); // sparse: one byte over the 16 MiB default cap costs no disk
  // A configured server that is never reached: each refusal happens before anything is sent.
  const lsp: LspProcess = await startLspProcess(
    { servers: [{ name: 'mine', host: '127.0.0.1', port: 9 }] },
    {
      rootUri: pathToFileURL(ws).href,
      initializationOptions: {
        client: 'vscode-gearman',
        trust: { trusted: true, user: [{ name: 'mine', host: '127.0.0.1', port: 9 }] },
      },
    },
  );
  const pid = lsp.proc.pid!;
  const submit = (uri: string) =>
    lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.submitJobBlock',
      arguments: [{ uri, line: 0 }],
    });
  const rows: { payload: string; ms: number; bytesRead: number; peakRssMiB: number; error: string }[] = [];
  try {
    for (const payload of ['missing.bin', 'zero.bin', 'pipe', 'big.bin']) {
      const uri = pathToFileURL(join(ws, `${payload}.gearman`)).href;
      const text = `SUBMIT reverse\nserver: mine\n\n@${payload}\n`;
      writeFileSync(join(ws, `${payload}.gearman`), text);
      await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'gearman', version: 1, text },
      });
      const times: number[] = [];
      let error = '';
      await submit(uri).catch(() => undefined); // warm-up, not timed
      const read0 = rchar(pid);
      for (let i = 0; i < 5; i++) {
        const t0 = process.hrtime.bigint();
        error = await submit(uri).then(
          () => 'submitted (not a refusal)',
          (e: Error) => e.message.replaceAll(ws, '<ws>'),
        );
        times.push(ms(t0));
      }
      rows.push({
        payload,
        ms: median(times),
        bytesRead: Math.round((rchar(pid) - read0) / 5),
        peakRssMiB: procStats(pid).peakRssMiB,
        error,
      });
      console.log(`@${payload}: ${median(times).toFixed(2)} ms, ${error}`);
    }
    return { idleRssMiB: procStats(pid).rssMiB, rows };
  } finally {
    await lsp.close();
  }
}

async function main(): Promise<void> {
  const load = { start: loadAverage(), end: [] as number[] };
  const root = mkdtempSync(join(tmpdir(), 'gearman-hostile-files-'));
  try {
    const settings = settingsFigures(root);
    const index = await indexFigures(root);
    const jobFile = await jobFileFigures(root);
    load.end = loadAverage();
    const m = machine();
    const run = { date: new Date().toISOString(), machine: m, load, beforeRev: BEFORE.rev, settings, index, jobFile };
    const raw = writeRaw('hostileFiles', run);
    const body = render(run, runLine(m, load, raw));
    console.log(body);
    writeSection('hostile-files', '## Hostile input (files a repository names)', body);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

type Run = {
  beforeRev: string;
  settings: ReturnType<typeof settingsFigures>;
  index: Awaited<ReturnType<typeof indexFigures>>;
  jobFile: Awaited<ReturnType<typeof jobFileFigures>>;
};

function render(r: Run, machineLine: string): string {
  const f = (n: number, d = 2) => n.toFixed(d);
  return [
    machineLine,
    'Command: `npm run bench:hostile-files` (bench/hostileFiles/).',
    '',
    `### A crafted .vscode/settings.json (nested arrays), read by the extension in an untrusted folder`,
    '',
    `Floor: reading the file and \`JSON.parse\` (the text is valid JSON). Before: the hand-written JSONC stripper at ${r.beforeRev}, run only up to 64 KiB (it is quadratic).`,
    '',
    '| size | floor | now (jsonc-parser) | now / floor | before |',
    '|---|---|---|---|---|',
    ...r.settings.map(
      (s) =>
        `| ${s.kiB} KiB | ${f(s.floorMs)} ms | ${f(s.nowMs)} ms | **${f(s.nowMs / s.floorMs, 1)}x** | ${s.beforeMs !== undefined ? `${f(s.beforeMs, 0)} ms` : 'not run'} |`,
    ),
    '',
    'Over 1 MiB the file is not read at all (test/adversarial/settingsFile.test.ts).',
    '',
    '### A `.php` symlink to /dev/zero and a `.php` FIFO named in one file-change event',
    '',
    '| language server RSS before the event (floor) | peak RSS after | bytes read for the event | time to both warnings |',
    '|---|---|---|---|',
    `| ${f(r.index.idleRssMiB, 0)} MiB | ${f(r.index.peakRssMiB, 0)} MiB (**${f(r.index.peakRssMiB / r.index.idleRssMiB, 2)}x**) | ${r.index.bytesRead.toLocaleString('en-US')} | ${f(r.index.toWarningsMs, 0)} ms |`,
    '',
    `Warnings: ${r.index.messages.map((x) => `"${x}"`).join('; ')}.`,
    '',
    "### A job file's `@file` payload: a device, a FIFO, a file over the cap (16 MiB)",
    '',
    'Each row: five submits of the block, median time to the refusal; bytes read per submit; the floor is a file that does not exist.',
    '',
    '| payload | time to the refusal | / floor | bytes read | server peak RSS | error |',
    '|---|---|---|---|---|---|',
    ...r.jobFile.rows.map(
      (x) =>
        `| \`@${x.payload}\` | ${f(x.ms)} ms | ${f(x.ms / r.jobFile.rows[0].ms, 1)}x | ${x.bytesRead.toLocaleString('en-US')} | ${f(x.peakRssMiB, 0)} MiB | ${x.error.replace(/\|/g, '\\|')} |`,
    ),
  ].join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
