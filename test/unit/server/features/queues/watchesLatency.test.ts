// gearman.watches parsing, the queue latency estimate from `show jobs` listings across reads,
// and episodes: one alert when a threshold is passed, cleared on recovery, kept while the
// server does not answer.
import { describe, expect, it } from 'vitest';
import { LatencyTracker } from '../../../../../server/src/features/queues/latency';
import { WatchEvaluator } from '../../../../../server/src/features/queues/watches';
import type { JobEntry, JobListing } from '../../../../../server/src/features/admin/types';
import type { ServerSnapshot } from '../../../../../server/src/registry/types';
import { parseWatches } from '../../../../../server/src/settings/watches';

const listing = (readAt: number, jobs: JobEntry[]): JobListing => ({
  serverId: 's',
  jobs,
  uniques: [],
  unmatchedUniques: [],
  matching: '',
  truncated: false,
  readAt,
});

describe('gearman.watches', () => {
  it('keeps valid entries and names what is wrong with the others', () => {
    const r = parseWatches({
      watches: [
        { function: 'a', queueAbove: 5 },
        { function: 'b' },
        { function: 'c', queueAbove: -1 },
        'x',
        { function: 'd', latencyAboveSec: 3, server: 'prod', extra: 1 },
        { function: 'e', noWorkerForSec: 0, server: 'prod' },
      ],
    });
    expect(r.watches).toEqual([
      { function: 'a', queueAbove: 5 },
      { function: 'e', server: 'prod', noWorkerForSec: 0 },
    ]);
    expect(r.problems).toEqual([
      'gearman.watches[1] (b) sets no threshold: add "queueAbove", "latencyAboveSec" or "noWorkerForSec"; it is ignored.',
      'gearman.watches[2]: "queueAbove" must be a number from 0; the watch is ignored.',
      'gearman.watches[3] must be an object like { "function": "resize", "queueAbove": 100 }; it is ignored.',
      'gearman.watches[4] has unknown keys "extra" (use function, server, queueAbove, latencyAboveSec, noWorkerForSec); it is ignored.',
    ]);
    expect(parseWatches({ watches: 3 }).problems[0]).toMatch(/^gearman.watches must be a list/);
  });
});

describe('LatencyTracker', () => {
  it('counts from the first read that listed a job, marks first-read and uncertain jobs as estimates, and forgets jobs no longer listed', () => {
    const t = new LatencyTracker();
    t.update(listing(1000, [{ handle: 'H:1', function: 'f', state: 'queued' }]));
    const second = t.update(
      listing(6000, [
        { handle: 'H:1', function: 'f', state: 'queued' },
        { handle: 'H:2', function: 'g', state: 'queued' },
        { handle: 'H:3', candidates: ['g', 'h'], state: 'queued' },
        { handle: 'H:4', function: 'f', state: 'running' },
      ]),
    );
    expect(second.get('f')).toEqual({ function: 'f', since: 1000, ageSec: 5, estimate: true, queued: 1 });
    expect(second.get('g')).toEqual({ function: 'g', since: 6000, ageSec: 0, estimate: true, queued: 2 });
    expect(second.get('h')).toMatchObject({ since: 6000, estimate: true });
    const third = t.update(listing(9000, [{ handle: 'H:2', function: 'g', state: 'queued' }]));
    expect([...third.keys()]).toEqual(['g']);
    expect(third.get('g')).toEqual({ function: 'g', since: 6000, ageSec: 3, estimate: false, queued: 1 });
  });
});

describe('WatchEvaluator', () => {
  const snap = (health: ServerSnapshot['health'], queued: number, workers = 1): ServerSnapshot => ({
    id: 'h:1',
    name: 'prod',
    host: 'h',
    port: 1,
    tls: false,
    actions: [],
    source: 'user',
    health,
    revision: 1,
    workers: [],
    functions: [{ name: 'f', queued, running: 0, workers, ...(workers === 0 ? { workerlessSince: 0 } : {}) }],
  });
  it('raises once per episode, keeps it open while the server is down, and clears it on recovery', () => {
    const e = new WatchEvaluator();
    const w = [{ function: 'f', queueAbove: 2, noWorkerForSec: 10 }];
    const none = () => undefined;
    expect(e.evaluate(w, [snap('up', 2)], none, 0)).toEqual({ raised: [], cleared: [] });
    expect(e.evaluate(w, [snap('up', 3)], none, 0).raised.map((a) => a.message)).toEqual([
      'f on prod: 3 jobs queued, more than 2.',
    ]);
    expect(e.evaluate(w, [snap('up', 9)], none, 0)).toEqual({ raised: [], cleared: [] });
    expect(e.evaluate(w, [snap('down', 0)], none, 0)).toEqual({ raised: [], cleared: [] });
    expect(e.evaluate(w, [snap('up', 3, 0)], none, 5_000).raised).toEqual([]);
    expect(e.evaluate(w, [snap('up', 3, 0)], none, 10_000).raised.map((a) => a.reason)).toEqual(['noWorker']);
    expect(e.evaluate(w, [snap('up', 0)], none, 11_000).cleared.map((a) => a.reason)).toEqual(['queue', 'noWorker']);
    expect(e.active()).toEqual([]);
  });
});
