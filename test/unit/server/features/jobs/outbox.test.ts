// The server's side of job events: batches that stay bounded however fast a worker sends,
// and output kept on disk for Save All.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobEvent } from '../../../../../server/src/protocol';
import { CHUNK_PREVIEW, JobOutbox, MAX_BATCH_BYTES, MAX_CHUNKS } from '../../../../../server/src/features/jobs/outbox';
import { DISK_JOBS, JobOutputs } from '../../../../../server/src/features/jobs/output';

const shownOf = (events: JobEvent[]) => events.flatMap((e) => e.chunks ?? []);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('JobOutbox', () => {
  const batches: JobEvent[][] = [];
  const outbox = new JobOutbox((events) => batches.push(events));
  afterEach(() => {
    outbox.dispose();
    batches.length = 0;
  });

  it('shows the newest chunks of a batch and counts the others with their bytes', () => {
    for (let i = 0; i < 1000; i++) outbox.chunk('j', 'data', Buffer.alloc((i % 7) + 1, 'x'));
    outbox.flush();
    expect(batches).toHaveLength(1);
    const [e] = batches[0];
    expect(e.chunks).toHaveLength(MAX_CHUNKS);
    expect((e.skipped ?? 0) + e.chunks!.length).toBe(1000);
    const all = sum(Array.from({ length: 1000 }, (_, i) => (i % 7) + 1));
    expect((e.skippedBytes ?? 0) + sum(e.chunks!.map((c) => c.size))).toBe(all);
  });

  it('cuts each chunk to its preview and keeps one batch under MAX_BATCH_BYTES over all jobs', () => {
    for (let j = 0; j < 10; j++)
      for (let i = 0; i < 40; i++) outbox.chunk(`job${j}`, 'warning', Buffer.alloc(CHUNK_PREVIEW * 4, 'y'));
    outbox.flush();
    const events = batches[0];
    const preview = sum(shownOf(events).map((c) => Buffer.byteLength(c.data, 'base64')));
    expect(preview).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(
      shownOf(events).every(
        (c) => c.size === CHUNK_PREVIEW * 4 && Buffer.byteLength(c.data, 'base64') === CHUNK_PREVIEW,
      ),
    ).toBe(true);
    // Nothing vanishes: every chunk is shown or counted.
    expect(sum(events.map((e) => (e.chunks?.length ?? 0) + (e.skipped ?? 0)))).toBe(400);
    expect(sum(events.map((e) => sum(e.chunks!.map((c) => c.size)) + (e.skippedBytes ?? 0)))).toBe(
      400 * CHUNK_PREVIEW * 4,
    );
  });

  it('keeps only the latest status of a batch, and order across kinds', () => {
    outbox.chunk('j', 'data', Buffer.from('a'));
    for (let i = 1; i <= 100; i++) outbox.event({ jobId: 'j', kind: 'status', at: i, numerator: i, denominator: 100 });
    outbox.chunk('j', 'data', Buffer.from('b'));
    outbox.event({ jobId: 'j', kind: 'complete', at: 200 });
    outbox.flush();
    expect(batches[0].map((e) => e.kind)).toEqual(['data', 'status', 'data', 'complete']);
    expect(batches[0][1]).toMatchObject({ numerator: 100 });
  });
});

describe('JobOutputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gearman-outputs-test-'));
  afterEach(() => rmSync(join(dir, 'out'), { force: true }));

  it('keeps every byte of a flood in order and saves it', async () => {
    const outputs = new JobOutputs(() => 64 * 1024 * 1024);
    const sent: Buffer[] = [];
    for (let i = 0; i < 20_000; i++) {
      const b = Buffer.from(`chunk ${i};`);
      sent.push(b);
      outputs.append('j', 'data', b);
    }
    const r = await outputs.save('j', 'data', join(dir, 'out'));
    expect(r).toEqual({ bytes: Buffer.concat(sent).length, dropped: 0 });
    expect(readFileSync(join(dir, 'out')).equals(Buffer.concat(sent))).toBe(true);
    outputs.dispose();
  });

  it('bounds data and warnings together, the result on its own, and counts the rest', async () => {
    const outputs = new JobOutputs(() => 1000);
    outputs.append('j', 'data', Buffer.alloc(700));
    outputs.append('j', 'warnings', Buffer.alloc(700));
    outputs.append('j', 'result', Buffer.alloc(900));
    expect(outputs.size('j', 'data')).toEqual({ kept: 700, dropped: 0 });
    expect(outputs.size('j', 'warnings')).toEqual({ kept: 300, dropped: 400 });
    // A flood of data cannot crowd out the job's answer.
    expect(outputs.size('j', 'result')).toEqual({ kept: 900, dropped: 0 });
    expect(await outputs.save('j', 'result', join(dir, 'out'))).toEqual({ bytes: 900, dropped: 0 });
    outputs.dispose();
  });

  it(`removes older jobs' files beyond ${DISK_JOBS} jobs' worth, and says so when one is asked for`, async () => {
    const outputs = new JobOutputs(() => 1000);
    for (let j = 0; j <= DISK_JOBS; j++) outputs.append(`job${j}`, 'data', Buffer.alloc(1000));
    await expect(outputs.save('job0', 'data', join(dir, 'out'))).rejects.toThrow(
      /removed to make room for newer jobs' output/,
    );
    expect(await outputs.save(`job${DISK_JOBS}`, 'data', join(dir, 'out'))).toEqual({ bytes: 1000, dropped: 0 });
    // A removed job keeps nothing more (it would be a silent gap in its data).
    expect(outputs.append('job0', 'data', Buffer.alloc(10))).toBe(0);
    outputs.dispose();
  });
});
