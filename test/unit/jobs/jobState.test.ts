// Folding job events into the state the panel and views show, and the kept history.
import { describe, expect, it } from 'vitest';
import { applyJobEvent, describeJob, newJobState, percent, WATCH_SUFFIX } from '../../../client/src/jobs/jobState';
import { addHistoryEntry, entryToState, MAX_KEPT_B64, toHistoryEntry } from '../../../client/src/jobs/historyEntries';

const req = { function: 'f', payload: Buffer.from('p').toString('base64') };

describe('job state', () => {
  it('records the first data time once and keeps chunks in order', () => {
    let s = newJobState('j', req, 't');
    s = applyJobEvent(s, { jobId: 'j', kind: 'data', at: 5, chunks: [{ data: 'QQ==', size: 0 }] });
    s = applyJobEvent(s, { jobId: 'j', kind: 'data', at: 9, chunks: [{ data: 'Qg==', size: 0 }] });
    expect(s.times.firstData).toBe(5);
    expect(s.data).toEqual(['QQ==', 'Qg==']);
  });

  it('folds watch events into the watched job until the server forgets it', () => {
    let s = applyJobEvent(newJobState('j', req, 't'), { jobId: 'j', kind: 'queued', at: 1, handle: 'H:a:1' });
    expect(describeJob(s)).toBe('queued as H:a:1');
    s = applyJobEvent(s, { jobId: 'j' + WATCH_SUFFIX, kind: 'watch', at: 2, known: true, running: true, numerator: 1, denominator: 2 });
    expect(describeJob(s)).toBe('running 50%');
    expect(s.watch?.active).toBe(true);
    s = applyJobEvent(s, { jobId: 'j' + WATCH_SUFFIX, kind: 'gone', at: 3, message: 'gone' });
    expect(s.watch).toMatchObject({ known: false, active: false });
    expect(describeJob(s)).toBe('finished (no longer known)');
  });

  it('has no percentage without a denominator, and clamps', () => {
    expect(percent({ numerator: 3, denominator: 0 })).toBeUndefined();
    expect(percent({ numerator: 7, denominator: 4 })).toBe(100);
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

  it('drops a result too large to keep, and says so when shown again', () => {
    const big = { ...newJobState('j', req, 't'), phase: 'complete' as const, result: 'A'.repeat(MAX_KEPT_B64 + 4) };
    const entry = toHistoryEntry(big);
    expect(entry.result).toBeUndefined();
    expect(entryToState(entry).message).toMatch(/too large/);
  });
});
