// The load test engine against a real gearmand and the library's echo worker: its percentiles
// bracket the exact percentiles of the latencies it measured job by job, its counts are exact,
// jobs are split over several servers, and an unreachable server ends the run with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { LoadTestRun, type RunSpec } from '../../server/src/features/loadTest/engine';
import { resultCsv, resultOf } from '../../server/src/features/loadTest/result';
import { freePort, startGearmand, type GearmandHandle } from '../support/gearmand';

const spec = (over: Partial<RunSpec>): RunSpec => ({
  function: 'lt_echo',
  payload: Buffer.from('x'),
  jobs: 2000,
  inFlight: 16,
  priority: 'normal',
  background: false,
  timeoutMs: 30_000,
  acceptTimeoutMs: 10_000,
  maxPacketBytes: 1 << 20,
  ...over,
});

/** The exact p-th percentile (nearest rank), as HdrHistogram defines it. */
function exact(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('load test engine', () => {
  const servers: GearmandHandle[] = [];
  const workers: GearmanWorker[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const gd = await startGearmand();
      servers.push(gd);
      const w = new GearmanWorker({ host: '127.0.0.1', port: gd.port }, { concurrency: 8 });
      w.register('lt_echo', (job) => job.payload);
      w.register('lt_mixed', (job) => {
        const n = Number(job.payload.toString());
        if (n % 10 === 1) return job.fail();
        if (n % 10 === 2) throw new Error(`bad ${n}`);
        return job.payload;
      });
      w.register('lt_hang', (job) => new Promise<string>((r) => job.signal.addEventListener('abort', () => r('late'))));
      await w.start();
      workers.push(w);
    }
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop(2000)));
    await Promise.all(servers.map((s) => s.stop()));
  });

  const at = (i: number) => ({
    id: `127.0.0.1:${servers[i].port}`,
    label: `gd${i}`,
    endpoint: { host: '127.0.0.1', port: servers[i].port },
  });

  it('N = 2,000 with 16 in flight: exactly N complete, and each percentile brackets the exact one', async () => {
    const run = new LoadTestRun([at(0)], spec({}));
    const seen: number[] = [];
    run.onLatency = (us) => seen.push(us);
    await run.run();
    expect(run.counts).toEqual({ submitted: 2000, complete: 2000, fail: 0, exception: 0, timeout: 0, error: 0 });
    expect(seen).toHaveLength(2000);
    const sorted = [...seen].sort((a, b) => a - b);
    for (const p of [50, 90, 99, 100]) {
      const [lo, hi] = run.latency.bracket(p);
      const truth = Math.max(1, Math.round(exact(sorted, p)));
      expect(truth, `p${p}`).toBeGreaterThanOrEqual(lo);
      expect(truth, `p${p}`).toBeLessThanOrEqual(hi);
    }
    const r = resultOf('a', run, {
      servers: [],
      serverLabels: [],
      function: 'lt_echo',
      payloadSize: 1,
      inFlight: 16,
      priority: 'normal',
      background: false,
      timeoutSec: 30,
    });
    expect(r.latency.max * 1000).toBeGreaterThanOrEqual(sorted[1999] - 1);
    expect(r.latency.min * 1000).toBeLessThanOrEqual(sorted[0] + 1);
  });

  it('splits jobs over two servers in turn and counts fail and exception per server, keeping the first errors', async () => {
    const mixed = new LoadTestRun(
      [at(0), at(1)],
      spec({ function: 'lt_mixed', payload: Buffer.from('1'), jobs: 20, inFlight: 4 }),
    );
    await mixed.run();
    expect(mixed.counts).toMatchObject({ submitted: 20, fail: 20, complete: 0 });
    expect(mixed.perServer.map((s) => s.counts.submitted)).toEqual([10, 10]);
    expect(mixed.errors).toHaveLength(10);
    expect(mixed.errorsNotShown).toBe(10);
    expect(mixed.errors[0]).toMatchObject({ kind: 'fail', message: 'The worker sent WORK_FAIL.' });
    const ex = new LoadTestRun(
      [at(1)],
      spec({ function: 'lt_mixed', payload: Buffer.from('2'), jobs: 3, inFlight: 3 }),
    );
    await ex.run();
    expect(ex.counts).toMatchObject({ submitted: 3, exception: 3 });
    expect(ex.errors[0].message).toContain('bad 2');
    const csv = resultCsv(
      resultOf('b', ex, {
        servers: [],
        serverLabels: ['gd1'],
        function: '=cmd()',
        payloadSize: 1,
        inFlight: 3,
        priority: 'normal',
        background: false,
        timeoutSec: 30,
      }),
    );
    expect(csv.split('\n')[1]).toContain(",'=cmd(),");
    expect(csv).toContain('gd1,3,0,0,3,0,0');
  });

  it('Stop ends submitting at once: not one job is sent after it, and every job sent is accounted for', async () => {
    const run = new LoadTestRun([at(0), at(1)], spec({ jobs: 1_000_000, inFlight: 8 }));
    let stop: { submitted: number; inFlight: number } | undefined;
    let seen = 0;
    run.onLatency = () => {
      if (++seen === 200) stop = run.stop();
    };
    await run.run();
    expect(run.state().phase).toBe('stopped');
    expect(run.counts.submitted).toBe(stop!.submitted);
    expect(run.submittedAtStop).toBe(stop!.submitted);
    expect(stop!.inFlight).toBeLessThanOrEqual(8);
    const c = run.counts;
    expect(c.complete + c.fail + c.exception + c.timeout + c.error).toBe(c.submitted);
  });

  it('a job with no result within the timeout counts as a timeout, with its handle in the first error', async () => {
    const run = new LoadTestRun([at(0)], spec({ function: 'lt_hang', jobs: 3, inFlight: 3, timeoutMs: 300 }));
    await run.run();
    expect(run.counts).toMatchObject({ submitted: 3, timeout: 3, complete: 0, error: 0 });
    expect(run.errors[0].message).toMatch(
      new RegExp(`^No result from gd0 within 0\\.3 s \\(handle H:[^;]+; it may still run there\\)\\.$`),
    );
  });

  it('end() (the language server shutting down) gives up on the jobs in flight at once, counting each as an error', async () => {
    const run = new LoadTestRun([at(1)], spec({ function: 'lt_hang', jobs: 4, inFlight: 4, timeoutMs: 0 }));
    const done = run.run();
    await run.end('The language server is shutting down.');
    await done;
    expect(run.state().phase).toBe('stopped');
    expect(run.counts).toMatchObject({ submitted: 4, error: 4, complete: 0 });
    expect(run.errors[0].message).toMatch(/^Given up on when the run ended: /);
    expect(run.message).toBe('The language server is shutting down.');
  });

  it('a server that cannot be reached ends the run at once with its reason', async () => {
    const port = await freePort();
    const run = new LoadTestRun(
      [{ id: 'dead', label: 'dead', endpoint: { host: '127.0.0.1', port } }],
      spec({ jobs: 100_000 }),
    );
    await run.run();
    expect(run.state().phase).toBe('error');
    expect(run.message).toContain(`dead: `);
    expect(run.message).toContain(`127.0.0.1:${port}`);
    expect(run.counts.submitted).toBeLessThanOrEqual(16);
  });
});
