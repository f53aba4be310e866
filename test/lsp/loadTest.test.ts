// Load tests as any LSP editor sees them: the built server over stdio, a real gearmand and the
// library's echo worker. Exactly N completions, a confirmation naming server, function and job
// count, Stop that ends submitting at once, and readOnly servers that refuse.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { AdminClient } from '../../server/src/gearman/admin';
import { GearmanWorker } from '../../server/src/gearman/worker';
import {
  confirm,
  loadTestProgress,
  loadTestStop,
  setViewVisible,
  type ConfirmParams,
  type LoadTestParams,
  type LoadTestResult,
} from '../../server/src/protocol';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

describe('load test over stdio', () => {
  let gd: GearmandHandle;
  let worker: GearmanWorker;
  let lsp: LspSession;
  let id: string;
  const questions: ConfirmParams[] = [];
  let answer = true;

  beforeAll(async () => {
    gd = await startGearmand();
    id = `127.0.0.1:${gd.port}`;
    worker = new GearmanWorker({ host: '127.0.0.1', port: gd.port }, { concurrency: 16 });
    worker.register('lt_echo', (job) => job.payload);
    worker.register('lt_slow', (job) => new Promise<Buffer>((r) => setTimeout(() => r(job.payload), 20)));
    await worker.start();
    lsp = await startLsp(
      { servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 },
      { initializationOptions: { client: 'vscode-gearman' } },
    );
    lsp.conn.onRequest(confirm, (q) => {
      questions.push(q);
      return answer;
    });
    // As the VS Code client does when the Servers view shows: the registry polls.
    await lsp.conn.sendNotification(setViewVisible, { visible: true });
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.id === id && s.health === 'up'));
  });

  afterAll(async () => {
    await lsp?.close();
    await worker?.stop(2000);
    await gd?.stop();
  });

  const run = (p: LoadTestParams) =>
    lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.loadTest',
      arguments: [p],
    }) as Promise<LoadTestResult>;

  it('runs 2,000 jobs with 16 in flight: exactly 2,000 complete, ordered percentiles, after a confirmation naming server, function and count', async () => {
    questions.length = 0;
    const r = await run({
      runId: 'n2000',
      servers: [id],
      function: 'lt_echo',
      payload: Buffer.from('ping').toString('base64'),
      jobs: 2000,
      inFlight: 16,
    });
    expect(questions).toHaveLength(1);
    expect(questions[0].message).toBe('Load test lt_echo on local: 2,000 jobs, 16 in flight?');
    expect(questions[0].detail).toContain(`local (${id})`);
    expect(r.state).toBe('done');
    expect(r.counts).toEqual({ submitted: 2000, complete: 2000, fail: 0, exception: 0, timeout: 0, error: 0 });
    expect(r.latency.count).toBe(2000);
    const l = r.latency;
    expect(l.min).toBeGreaterThan(0);
    expect(l.min).toBeLessThanOrEqual(l.p50);
    expect(l.p50).toBeLessThanOrEqual(l.p90);
    expect(l.p90).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeLessThanOrEqual(l.max);
    expect(l.bins.reduce((n, b) => n + b.count, 0)).toBe(2000);
    expect(r.throughput.reduce((n, t) => n + t.jobs, 0)).toBe(2000);
    expect(r.perServer).toEqual([expect.objectContaining({ server: id, label: 'local', counts: r.counts })]);
    // The last progress carries the result; every progress names the run.
    const mine = lsp.received(loadTestProgress).filter((p) => p.runId === 'n2000');
    expect(mine.at(-1)?.final?.counts.complete).toBe(2000);
    expect(mine.every((p) => p.counts.submitted <= 2000 && p.inFlight <= 16)).toBe(true);
  });

  it('Stop ends submitting at once: no job is sent after it, and those in flight are reported', async () => {
    const first = lsp.waitFor(loadTestProgress, (p) => p.runId === 'stop' && p.counts.complete >= 50);
    const result = run({ runId: 'stop', servers: [id], function: 'lt_slow', jobs: 1_000_000, inFlight: 8 });
    await first;
    const stop = await lsp.conn.sendRequest(loadTestStop, { runId: 'stop' });
    expect(stop.stopped).toBe(true);
    const r = await result;
    expect(r.state).toBe('stopped');
    expect(r.submittedAtStop).toBe(stop.submitted);
    expect(r.counts.submitted).toBe(stop.submitted);
    expect(r.inFlightAtStop).toBe(stop.inFlight);
    expect(stop.inFlight).toBeLessThanOrEqual(8);
    const c = r.counts;
    expect(c.complete + c.fail + c.exception + c.timeout + c.error).toBe(c.submitted);
    expect(await lsp.conn.sendRequest(loadTestStop, { runId: 'stop' })).toEqual({
      stopped: false,
      submitted: 0,
      inFlight: 0,
    });
  });

  it('is not started when the user declines, and names what was declined', async () => {
    answer = false;
    try {
      await expect(run({ servers: [id], function: 'lt_echo', jobs: 5 })).rejects.toThrow(
        'Not started: the load test of lt_echo on local was not confirmed.',
      );
    } finally {
      answer = true;
    }
  });

  it('reads a payload file named by the editor, bounded by gearman.jobs.maxPayloadFileMiB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lt-payload-'));
    try {
      writeFileSync(join(dir, 'p.bin'), Buffer.alloc(3000, 7));
      const r = await run({
        servers: [id],
        function: 'lt_echo',
        payloadFile: join(dir, 'p.bin'),
        jobs: 20,
        inFlight: 4,
      });
      expect(r.request).toMatchObject({ payloadSize: 3000 });
      expect(r.counts.complete).toBe(20);
      await expect(run({ servers: [id], function: 'lt_echo', payloadFile: 'relative.bin' })).rejects.toThrow(
        '"payloadFile" must be an absolute path',
      );
      await expect(run({ servers: [id], function: 'lt_echo', payloadFile: dir })).rejects.toThrow(
        `the payload file ${dir} is a folder`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads a .gearman block: its function, server and payload', async () => {
    const uri = 'file:///tmp/gearman-lt-block/jobs.gearman';
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri,
        languageId: 'gearman',
        version: 1,
        text: `### echo\nSUBMIT lt_echo\nserver: local\n\n{"n": 1}\n`,
      },
    });
    questions.length = 0;
    const r = await run({ block: { uri, line: 1 }, jobs: 30, inFlight: 3 });
    expect(questions[0].message).toBe('Load test lt_echo on local: 30 jobs, 3 in flight?');
    expect(r.request).toMatchObject({
      function: 'lt_echo',
      servers: [id],
      payloadSize: 8,
      payload: Buffer.from('{"n": 1}').toString('base64'),
    });
    expect(r.counts.complete).toBe(30);
  });

  it('rejects bad arguments by name', async () => {
    await expect(run({ servers: [id], function: 'lt_echo', jobs: 0 })).rejects.toThrow(
      '"jobs" must be a whole number from 1 to 10000000, not 0',
    );
    await expect(run({ servers: ['all'], function: 'lt_echo' })).rejects.toThrow('"all" is not accepted');
    await expect(run({ servers: [id] } as LoadTestParams)).rejects.toThrow('"function" is missing');
  });

  it('a readOnly server refuses: nothing is asked and no job reaches gearmand', async () => {
    await lsp.setSettings({
      servers: [{ name: 'prod', host: '127.0.0.1', port: gd.port, readOnly: true }],
      refreshInterval: 1,
    });
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.id === id && s.readOnly === true));
    questions.length = 0;
    await expect(run({ servers: [id], function: 'lt_never', jobs: 10 })).rejects.toThrow(
      `prod (${id}) is marked readOnly in gearman.servers`,
    );
    await expect(run({ function: 'lt_never', jobs: 10 })).rejects.toThrow('readOnly');
    expect(questions).toHaveLength(0);
    const admin = new AdminClient({ host: '127.0.0.1', port: gd.port });
    try {
      expect((await admin.status()).find((f) => f.name === 'lt_never')).toBeUndefined();
    } finally {
      admin.close();
    }
  });
});
