// Hostile job traffic against the real language server over stdio and a real gearmand: a
// worker that floods 200,000 WORK_DATA packets, results larger than the packet limit and larger
// than the preview, and a server that never accepts a job. Each test asserts the bound (events,
// notifications, bytes kept) and that nothing is lost or silently wrong, never a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { jobEvents, saveJobOutput, type JobEvent, type JobResult } from '../../server/src/protocol';
import { FLUSH_MS } from '../../server/src/features/jobs/outbox';
import { RESULT_PREVIEW } from '../../server/src/features/jobs/runner';
import { applyJobEvent, newJobState } from '../../client/src/jobs/jobState';
import { LIVE_LIMITS } from '../../client/src/jobs/chunkLog';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from '../lsp/support/lspClient';
import { flood, floodChunk, startSilentServer, type SilentServer } from './support/hostile';

const FLOOD = 200_000;
const MiB = 1024 * 1024;

describe('hostile job traffic over stdio', () => {
  let gd: GearmandHandle;
  let worker: GearmanWorker;
  let silent: SilentServer;
  let lsp: LspSession;
  let tmp: string;
  const local = () => ({ name: 'local', host: '127.0.0.1', port: gd.port });

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gearman-adversarial-'));
    gd = await startGearmand();
    silent = await startSilentServer();
    worker = new GearmanWorker({ host: '127.0.0.1', port: gd.port }, { concurrency: 2, maxPacketSize: 256 * MiB });
    worker.register('flood', async (job) => {
      await flood(job, FLOOD);
      return 'flood done';
    });
    worker.register('big_result', (job) => Buffer.alloc(Number(job.payload.toString()) * MiB, 0x42));
    await worker.start();
    lsp = await startLsp({
      servers: [local(), { name: 'hung', host: '127.0.0.1', port: silent.port }],
      refreshInterval: 1,
      jobs: { acceptTimeout: 1 },
    });
    await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.name === 'local' && s.health === 'up'),
      20_000,
      'gearmand up',
    );
  });

  afterAll(async () => {
    await lsp?.close();
    await worker?.stop(2000);
    await silent?.close();
    await gd?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const submit = (args: Record<string, unknown>) =>
    lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.submitJob',
      arguments: [{ serverId: 'local', ...args }],
    }) as Promise<JobResult>;
  const batchesOf = (jobId: string) => lsp.received(jobEvents).filter((b) => b.events.some((e) => e.jobId === jobId));
  const eventsOf = (jobId: string) =>
    batchesOf(jobId)
      .flatMap((b) => b.events)
      .filter((e) => e.jobId === jobId);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it('turns a flood of 200,000 WORK_DATA packets into a bounded number of notifications, loses no byte, and completes', async () => {
    const r = await submit({ jobId: 'flood1', function: 'flood', payload: '' });
    expect(r).toMatchObject({ status: 'complete', size: 'flood done'.length });
    const events = eventsOf('flood1');
    const at = (kind: JobEvent['kind']) => events.find((e) => e.kind === kind)!.at;
    const span = at('complete') - at('submitted');
    // At most one notification per FLUSH_MS from the first event to the last, plus the two ends.
    const notifications = batchesOf('flood1').length;
    expect(notifications).toBeLessThanOrEqual(Math.floor(span / FLUSH_MS) + 2);
    expect(notifications).toBeLessThan(FLOOD / 100);

    const sent = Array.from({ length: FLOOD }, (_, i) => floodChunk(i));
    const sentBytes = sent.reduce((n, b) => n + b.length, 0);
    const data = events.filter((e) => e.kind === 'data');
    const shown = data.flatMap((e) => e.chunks ?? []);
    const skipped = data.reduce((n, e) => n + (e.skipped ?? 0), 0);
    expect(shown.length + skipped).toBe(FLOOD);
    expect(shown.reduce((n, c) => n + c.size, 0) + data.reduce((n, e) => n + (e.skippedBytes ?? 0), 0)).toBe(sentBytes);

    // Save All writes every byte the worker sent, in order.
    const file = join(tmp, 'flood.data');
    expect(await lsp.conn.sendRequest(saveJobOutput, { jobId: 'flood1', part: 'data', path: file })).toEqual({
      bytes: sentBytes,
      dropped: 0,
    });
    expect(sha(readFileSync(file))).toBe(sha(Buffer.concat(sent)));

    // The editor's side: folding the same stream keeps the bound and counts everything, each chunk at its place.
    let s = newJobState('flood1', { function: 'flood', payload: '' }, 'local');
    for (const e of events) s = applyJobEvent(s, e);
    expect(s.phase).toBe('complete');
    expect(s.data.kept.length).toBeLessThanOrEqual(LIVE_LIMITS.chunks);
    expect(s.data.keptBytes).toBeLessThanOrEqual(LIVE_LIMITS.bytes);
    expect(s.data).toMatchObject({ total: FLOOD, totalBytes: sentBytes, dropped: FLOOD - s.data.kept.length });
    expect(s.data.kept.at(-1)?.index).toBe(FLOOD);
    for (const c of s.data.kept)
      expect(Buffer.from(c.data, 'base64').equals(sent[c.index - 1].subarray(0, 16 * 1024))).toBe(true);
    expect(Buffer.from(s.result ?? '', 'base64').toString()).toBe('flood done');
  });

  it('fails a 100 MiB result over gearman.jobs.maxPacketMiB (64) with an error that names the setting', async () => {
    const error = await submit({
      jobId: 'huge1',
      function: 'big_result',
      payload: Buffer.from('100').toString('base64'),
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /sent a packet larger than this client accepts \(WORK_COMPLETE packet of 104857607 bytes exceeds the limit of 67108864 bytes\); closed the connection\. Raise gearman\.jobs\.maxPacketMiB to accept it\.$/,
    );
    const last = eventsOf('huge1').at(-1);
    expect(last).toMatchObject({ kind: 'error' });
    expect(last?.message).toMatch(/gearman\.jobs\.maxPacketMiB/);
  });

  it('sends a 5 MiB result once, as a 1 MiB preview with its size, and saves all of it', async () => {
    const r = await submit({ jobId: 'big5', function: 'big_result', payload: Buffer.from('5').toString('base64') });
    expect(r).toMatchObject({ status: 'complete', size: 5 * MiB });
    const withResult = eventsOf('big5').filter((e) => e.data !== undefined);
    expect(withResult).toHaveLength(1);
    expect(withResult[0]).toMatchObject({ kind: 'complete', size: 5 * MiB });
    expect(Buffer.byteLength(withResult[0].data!, 'base64')).toBe(RESULT_PREVIEW);
    const file = join(tmp, 'big5.result');
    expect(await lsp.conn.sendRequest(saveJobOutput, { jobId: 'big5', part: 'result', path: file })).toEqual({
      bytes: 5 * MiB,
      dropped: 0,
    });
    expect(statSync(file).size).toBe(5 * MiB);
    expect(sha(readFileSync(file))).toBe(sha(Buffer.alloc(5 * MiB, 0x42)));
  });

  it(
    'fails a submit that a hung server never accepts, saying so (gearman.jobs.acceptTimeout)',
    { timeout: 60_000 },
    async () => {
      const error = await submit({ jobId: 'hung1', serverId: 'hung', function: 'anything', payload: '' }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(silent.received()).toBeGreaterThan(0);
      const said =
        'Job anything was not accepted by gearmand within 1 s (no JOB_CREATED): the server is hung, overloaded, or not a gearmand. ' +
        'Nothing was queued that the client knows of. If the server is only slow, raise gearman.jobs.acceptTimeout.';
      expect(error?.message).toContain(said);
      expect(eventsOf('hung1').at(-1)).toMatchObject({ kind: 'error', message: said });
    },
  );
});
