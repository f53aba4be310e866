import { describe, expect, it } from 'vitest';
import { applyFailure, applyPoll, initialSnapshot, type PollData } from '../../../../server/src/registry/snapshot';

const cfg = { id: 'h:4730', name: 'h', host: 'h', port: 4730, source: 'user' as const };
const data = (workers = 1, queued = 0): PollData => ({
  status: [
    { name: 'reverse', queued, running: 0, workers },
    { name: 'idle', queued: 0, running: 0, workers: 0 },
  ],
  workers: [
    { fd: '5', address: '127.0.0.1', clientId: '-', functions: workers ? ['reverse'] : [] },
    { fd: '6', address: '127.0.0.1', clientId: '-', functions: [] },
  ],
  version: { kind: 'gearmand', version: '1.1.20' },
});

describe('snapshots', () => {
  it('builds a snapshot from a poll, leaving out connections that registered nothing', () => {
    const s = applyPoll(initialSnapshot(cfg), data(), 1000);
    expect(s.health).toBe('up');
    expect(s.revision).toBe(1);
    expect(s.workers).toEqual([{ fd: '5', address: '127.0.0.1', clientId: '-', functions: ['reverse'] }]);
    expect(s.functions.map((f) => f.name)).toEqual(['idle', 'reverse']); // sorted by name
    expect(s.functions.map((f) => f.workerlessSince)).toEqual([1000, undefined]);
  });

  it('returns the same object when nothing changed', () => {
    const a = applyPoll(initialSnapshot(cfg), data(), 1000);
    const b = applyPoll(a, { ...data(), version: undefined }, 2000);
    expect(b).toBe(a);
    expect(b.lastSeen).toBe(2000);
  });

  it('changes revision on a count change, and tracks since when a function has no worker', () => {
    const a = applyPoll(initialSnapshot(cfg), data(1, 0), 1000);
    const b = applyPoll(a, data(1, 3), 2000);
    expect(b).not.toBe(a);
    expect(b.revision).toBe(2);
    const c = applyPoll(b, data(0, 3), 3000);
    const since = (s: typeof c) => Object.fromEntries(s.functions.map((f) => [f.name, f.workerlessSince]));
    expect(since(c)).toEqual({ reverse: 3000, idle: 1000 });
    const d = applyPoll(c, data(0, 4), 4000);
    expect(since(d).reverse).toBe(3000);
  });

  it('keeps the last data when the server goes down, and does not churn on repeated failures', () => {
    const a = applyPoll(initialSnapshot(cfg), data(), 1000);
    const b = applyFailure(a, 'refused', 2000);
    expect(b.health).toBe('down');
    expect(b.functions).toHaveLength(2);
    expect(applyFailure(b, 'refused', 3000)).toBe(b);
    expect(applyPoll(b, data(), 4000).health).toBe('up');
  });

  it('adds per-priority queues when prioritystatus answered', () => {
    const s = applyPoll(
      initialSnapshot(cfg),
      { ...data(), priority: [{ name: 'reverse', high: 1, normal: 2, low: 3 }] },
      1,
    );
    expect(s.functions.find((f) => f.name === 'reverse')?.priority).toEqual({ high: 1, normal: 2, low: 3 });
    expect(s.functions.find((f) => f.name === 'idle')?.priority).toBeUndefined();
  });
});
