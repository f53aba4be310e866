// Throughput slices: 100 ms for short runs (rates over the part of a slice the run lasted),
// whole seconds for the live chart, at most 600 points for a long run, every job counted once.
import { describe, expect, it } from 'vitest';
import { Throughput } from '../../../../../server/src/features/loadTest/stats';

describe('Throughput', () => {
  it('slices a short run in 100 ms and rates the last, partial slice by the time it lasted', () => {
    const t = new Throughput();
    for (let i = 0; i < 10; i++) t.record(5 + i, 2);
    for (let i = 0; i < 5; i++) t.record(210 + i, 4);
    const all = t.all(250);
    expect(all.map((p) => [p.t, p.jobs, p.perSec, p.meanMs])).toEqual([
      [0, 10, 100, 2],
      [0.1, 0, 0, 0],
      [0.2, 5, 100, 4],
    ]);
    expect(t.takeNew(250)).toEqual([]);
  });

  it('gives the live chart whole seconds once, and a long run at most 600 points with every job', () => {
    const t = new Throughput();
    for (let ms = 0; ms < 3_600_000; ms += 50) t.record(ms, 1);
    expect(t.takeNew(2500).map((p) => [p.t, p.jobs, p.perSec])).toEqual([
      [0, 20, 20],
      [1, 20, 20],
    ]);
    expect(t.takeNew(2600)).toEqual([]);
    expect(t.lastSecond(2500)).toBe(20);
    const all = t.all(3_600_000);
    expect(all).toHaveLength(600);
    expect(all.reduce((n, p) => n + p.jobs, 0)).toBe(72_000);
    expect(all[1]).toMatchObject({ t: 6, jobs: 120, perSec: 20 });
  });
});
