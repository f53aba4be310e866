// Folding job events into the state the panel and views show, and the kept history.
import { describe, expect, it } from 'vitest';
import {
  applyJobEvent,
  describeJob,
  newJobState,
  percent,
  resultIsCut,
  WATCH_SUFFIX,
} from '../../../../client/src/jobs/jobState';
import { LIVE_LIMITS, type ChunkLog } from '../../../../client/src/jobs/chunkLog';
import {
  addHistoryEntry,
  entryToState,
  HISTORY_LIMITS,
  MAX_KEPT_B64,
  MAX_KEPT_RESULT,
  toHistoryEntry,
} from '../../../../client/src/jobs/historyEntries';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const req = { function: 'f', payload: b64('p') };

describe('job state', () => {
  it('records the first data time once and keeps chunks in order', () => {
    let s = newJobState('j', req, 't');
    s = applyJobEvent(s, { jobId: 'j', kind: 'data', at: 5, chunks: [{ data: 'QQ==', size: 0 }] });
    s = applyJobEvent(s, { jobId: 'j', kind: 'data', at: 9, chunks: [{ data: 'Qg==', size: 0 }] });
    expect(s.times.firstData).toBe(5);
    expect(s.data.kept.map((c) => c.data)).toEqual(['QQ==', 'Qg==']);
  });

  it('folds watch events into the watched job until the server forgets it', () => {
    let s = applyJobEvent(newJobState('j', req, 't'), { jobId: 'j', kind: 'queued', at: 1, handle: 'H:a:1' });
    expect(describeJob(s)).toBe('queued');
    s = applyJobEvent(s, {
      jobId: 'j' + WATCH_SUFFIX,
      kind: 'watch',
      at: 2,
      known: true,
      running: true,
      numerator: 1,
      denominator: 2,
    });
    expect(describeJob(s)).toBe('running 50%');
    expect(s.watch?.active).toBe(true);
    s = applyJobEvent(s, { jobId: 'j' + WATCH_SUFFIX, kind: 'gone', at: 3, message: 'gone' });
    expect(s.watch).toMatchObject({ known: false, active: false });
    expect(describeJob(s)).toBe('ended (gone from the server)');
  });

  it('has no percentage without a denominator, and clamps', () => {
    expect(percent({ numerator: 3, denominator: 0 })).toBeUndefined();
    expect(percent({ numerator: 7, denominator: 4 })).toBe(100);
  });
});

describe('a flood of chunks', () => {
  const chunk = (i: number, size = 10) => ({ data: b64(`#${String(i).padStart(8, '0')}`), size });

  it('folds 40,000 chunk events in place, keeping the newest 500 and counting the rest', () => {
    const s = applyJobEvent(newJobState('j', req, 't'), { jobId: 'j', kind: 'created', at: 0, handle: 'H:1' });
    const kept = s.data.kept;
    for (let i = 1; i <= 40_000; i++)
      expect(applyJobEvent(s, { jobId: 'j', kind: 'data', at: i, chunks: [chunk(i)] })).toBe(s);
    // The same array grew and was trimmed: no copy per event.
    expect(s.data.kept).toBe(kept);
    expect(s.data.kept).toHaveLength(LIVE_LIMITS.chunks);
    expect(s.data.kept[0]).toMatchObject({ index: 39_501, data: chunk(39_501).data });
    expect(s.data.kept.at(-1)).toMatchObject({ index: 40_000 });
    expect(s.data).toMatchObject({ total: 40_000, totalBytes: 400_000, dropped: 39_500, droppedBytes: 395_000 });
    expect(describeJob(s)).toBe('40000 data packets');
    expect(s.times.firstData).toBe(1);
  });

  it('counts the chunks (and bytes) the server skipped, and numbers the chunks shown after them', () => {
    const s = newJobState('j', req, 't');
    applyJobEvent(s, { jobId: 'j', kind: 'data', at: 1, chunks: [chunk(1)] });
    applyJobEvent(s, { jobId: 'j', kind: 'data', at: 2, chunks: [chunk(5), chunk(6)], skipped: 3, skippedBytes: 30 });
    applyJobEvent(s, { jobId: 'j', kind: 'warning', at: 3, chunks: [], skipped: 4, skippedBytes: 44 });
    expect(s.data.kept.map((c) => c.index)).toEqual([1, 5, 6]);
    expect(s.data).toMatchObject({ total: 6, totalBytes: 60, dropped: 3, droppedBytes: 30 });
    expect(s.warnings).toMatchObject({ kept: [], total: 4, totalBytes: 44, dropped: 4 });
  });

  it('keeps at most 2 MiB of chunk bytes, and only the newest chunks of one oversized event', () => {
    const s = newJobState('j', req, 't');
    const big = b64(Buffer.alloc(16 * 1024, 'x'));
    for (let i = 0; i < 300; i++)
      applyJobEvent(s, { jobId: 'j', kind: 'warning', at: i, chunks: [{ data: big, size: 100_000 }] });
    expect(s.warnings.kept).toHaveLength(128);
    expect(s.warnings.keptBytes).toBe(128 * 16 * 1024);
    expect(s.warnings).toMatchObject({ total: 300, totalBytes: 30_000_000, dropped: 172, droppedBytes: 17_200_000 });
    const one = newJobState('k', req, 't');
    applyJobEvent(one, {
      jobId: 'k',
      kind: 'data',
      at: 1,
      chunks: Array.from({ length: 2000 }, (_, i) => chunk(i + 1)),
    });
    expect(one.data.kept.map((c) => c.index)).toEqual(Array.from({ length: 500 }, (_, i) => 1501 + i));
    expect(one.data).toMatchObject({ total: 2000, dropped: 1500 });
  });

  it('takes a result with its full size, and knows when it holds only its start', () => {
    const s = applyJobEvent(newJobState('j', req, 't'), {
      jobId: 'j',
      kind: 'complete',
      at: 1,
      data: b64('abc'),
      size: 3,
    });
    expect(resultIsCut(s)).toBe(false);
    const cut = applyJobEvent(newJobState('k', req, 't'), {
      jobId: 'k',
      kind: 'complete',
      at: 1,
      data: b64('abc'),
      size: 5 * 1024 * 1024,
    });
    expect(cut.resultSize).toBe(5 * 1024 * 1024);
    expect(resultIsCut(cut)).toBe(true);
    // A size smaller than the bytes sent is not believed.
    expect(
      applyJobEvent(newJobState('m', req, 't'), { jobId: 'm', kind: 'complete', at: 1, data: b64('abcdef'), size: 2 })
        .resultSize,
    ).toBe(6);
  });
});

describe('history entries', () => {
  it('keeps the newest N, replacing an entry of the same id', () => {
    const e = (id: string) => toHistoryEntry({ ...newJobState(id, req, 't'), phase: 'complete' });
    let list = [e('a'), e('b')];
    list = addHistoryEntry(list, e('c'), 2);
    expect(list.map((x) => x.id)).toEqual(['c', 'a']);
    list = addHistoryEntry(list, e('a'), 5);
    expect(list.map((x) => x.id)).toEqual(['a', 'c']);
    expect(addHistoryEntry(list, e('d'), 0)).toEqual([]);
  });

  it('keeps the start of a result too large to keep, with its full size', () => {
    const big = applyJobEvent(newJobState('j', req, 't'), {
      jobId: 'j',
      kind: 'complete',
      at: 1,
      data: 'A'.repeat(MAX_KEPT_B64 + 4),
      size: 5_000_000,
    });
    const entry = toHistoryEntry(big);
    expect(Buffer.byteLength(entry.result ?? '', 'base64')).toBe(MAX_KEPT_RESULT);
    expect(entry.resultSize).toBe(5_000_000);
    expect(resultIsCut(entryToState(entry))).toBe(true);
  });

  it('drops a payload too large to keep, and says so when shown again', () => {
    const big = {
      ...newJobState('j', { function: 'f', payload: 'A'.repeat(MAX_KEPT_B64 + 4) }, 't'),
      phase: 'complete' as const,
    };
    const entry = toHistoryEntry(big);
    expect(entry.request.payload).toBeUndefined();
    expect(entry.request.payloadSize).toBe(((MAX_KEPT_B64 + 4) / 4) * 3);
    expect(entryToState(entry).message).toMatch(/too large/);
  });

  it('keeps the newest chunks of a flood within the history bound, and the counts', () => {
    const s = newJobState('j', req, 't');
    for (let i = 0; i < 1000; i++)
      applyJobEvent(s, {
        jobId: 'j',
        kind: 'data',
        at: i,
        chunks: [{ data: b64(`chunk ${i}`), size: 100 }],
        skipped: 1,
        skippedBytes: 7,
      });
    const entry = toHistoryEntry({ ...s, phase: 'complete' });
    const log = entry.data as ChunkLog;
    expect(log.kept).toHaveLength(HISTORY_LIMITS.chunks);
    expect(log.kept.at(-1)).toMatchObject({ index: 2000, size: 100 });
    expect(log.total).toBe(2000);
    expect(log.dropped).toBe(2000 - HISTORY_LIMITS.chunks);
    expect(log.totalBytes).toBe(1000 * 107);
    // The live state is not touched by the copy.
    expect(s.data.kept).toHaveLength(LIVE_LIMITS.chunks);
  });

  it('shows entries written before chunk logs (plain base64 chunks)', () => {
    const old = {
      ...toHistoryEntry({ ...newJobState('j', req, 't'), phase: 'complete' }),
      data: [b64('one'), b64('two')],
      warnings: [],
    };
    const s = entryToState(old);
    expect(s.data.kept.map((c) => [c.index, Buffer.from(c.data, 'base64').toString()])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(s.data.total).toBe(2);
    expect(s.warnings.total).toBe(0);
  });
});
