// The library's client against a worker it did not write: libgearman's C worker
// (test/support/c/events_worker.c) sends WORK_STATUS, WORK_DATA, WORK_WARNING,
// WORK_EXCEPTION and WORK_FAIL through a real gearmand. Before this, only the project's own
// worker produced these packets, so a framing mistake shared by both ends was invisible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GearmanClient } from '../../server/src/gearman/client';
import type { Job, JobStatusUpdate } from '../../server/src/gearman/job';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { buildEventsWorker, startEventsWorker, type CWorker } from '../support/cWorker';

/** Every event of a job, in arrival order, as comparable values. */
function record(job: Job): unknown[] {
  const seen: unknown[] = [];
  job.on('created', () => seen.push('created'));
  job.on('status', (s: JobStatusUpdate) => seen.push(['status', s.numerator, s.denominator]));
  job.on('data', (d) => seen.push(['data', d.toString('latin1')]));
  job.on('warning', (d) => seen.push(['warning', d.toString('latin1')]));
  job.on('complete', (d) => seen.push(['complete', d.toString('latin1')]));
  job.on('exception', (d) => seen.push(['exception', d.toString('latin1')]));
  job.on('fail', () => seen.push('fail'));
  return seen;
}

describe('the library client with a libgearman C worker', () => {
  let gd: GearmandHandle;
  let worker: CWorker;
  let client: GearmanClient;

  beforeAll(async () => {
    gd = await startGearmand();
    worker = await startEventsWorker(gd.port);
    client = new GearmanClient({ host: gd.host, port: gd.port });
  });

  afterAll(async () => {
    client?.close();
    await worker?.stop();
    await gd?.stop();
  });

  it('receives status, data (with NUL and 0xFF bytes), warnings and the result in the order the worker sent them', async () => {
    const job = client.submit('c_events', Buffer.from([0x70, 0x00, 0xfe]), { timeoutMs: 20_000 });
    const seen = record(job);
    const out = await job.result;
    expect(out.status).toBe('complete');
    expect(out.status === 'complete' && out.data.equals(Buffer.from([...Buffer.from('done:'), 0x70, 0x00, 0xfe]))).toBe(
      true,
    );
    expect(out.handle).toMatch(/^H:/);
    expect(seen).toEqual([
      'created',
      ['status', 1, 3],
      ['data', 'data-1:p\x00\xfe'],
      ['warning', 'warning-1'],
      ['status', 2, 3],
      ['data', 'bin\x00\xffend'],
      ['warning', 'warning-2'],
      ['status', 3, 3],
      ['complete', 'done:p\x00\xfe'],
    ]);
  });

  it('receives a WORK_EXCEPTION with its message, after the status and data sent before it', async () => {
    const job = client.submit('c_exception', 'bad input', { timeoutMs: 20_000 });
    const seen = record(job);
    const out = await job.result;
    expect(out.status).toBe('exception');
    expect(out.status === 'exception' && out.data.toString()).toBe('exception from C:bad input');
    expect(seen).toEqual([
      'created',
      ['status', 1, 2],
      ['data', 'partial'],
      ['exception', 'exception from C:bad input'],
    ]);
  });

  it('asks for exceptions: without OPTION_REQ exceptions gearmand turns the same exception into WORK_FAIL', async () => {
    const plain = new GearmanClient({ host: gd.host, port: gd.port }, { exceptions: false });
    try {
      const job = plain.submit('c_exception', 'bad input', { timeoutMs: 20_000 });
      const seen = record(job);
      expect((await job.result).status).toBe('fail');
      expect(seen).toEqual(['created', ['status', 1, 2], ['data', 'partial'], 'fail']);
    } finally {
      plain.close();
    }
  });

  it('receives WORK_FAIL after the warning sent before it', async () => {
    const job = client.submit('c_fail', 'x', { timeoutMs: 20_000 });
    const seen = record(job);
    const out = await job.result;
    expect(out.status).toBe('fail');
    expect(seen).toEqual(['created', ['warning', 'about to fail'], 'fail']);
  });

  it('runs many jobs in flight on one connection and gives each its own events', async () => {
    const jobs = Array.from({ length: 20 }, (_, i) => client.submit('c_events', `n${i}`, { timeoutMs: 30_000 }));
    const data = jobs.map((j) => {
      const d: string[] = [];
      j.on('data', (b) => d.push(b.toString('latin1')));
      return d;
    });
    const outs = await Promise.all(jobs.map((j) => j.result));
    outs.forEach((o, i) => {
      expect(o.status === 'complete' && o.data.toString()).toBe(`done:n${i}`);
      expect(data[i]).toEqual([`data-1:n${i}`, 'bin\x00\xffend']);
    });
  });
});

describe('building the C worker', () => {
  const out = mkdtempSync(join(tmpdir(), 'gearman-cworker-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('names the compiler when there is none', () => {
    expect(() => buildEventsWorker({ cc: 'gearman-test-no-such-cc', outDir: out })).toThrow(
      'The C compiler "gearman-test-no-such-cc" is not installed, so the libgearman test worker cannot be built: apt-get install gcc libc6-dev (scripts/setup.sh does)',
    );
  });

  it('names the libgearman header and its package when the header cannot be found', () => {
    // Only an empty folder to search, as on a machine without libgearman-dev; <libgearman/gearman.h> is the first include.
    expect(() => buildEventsWorker({ cflags: ['-nostdinc', '-isystem', out], outDir: out })).toThrow(
      'The libgearman header <libgearman/gearman.h> is missing, so the libgearman test worker cannot be built: apt-get install libgearman-dev (scripts/setup.sh does)',
    );
  });
});
