// Counting a load test: latencies go into an HdrHistogram (microseconds, 3 significant digits,
// so a percentile is within 0.1% of the exact value and its memory is fixed however many jobs
// run), completions into one bin per second. Pure: the engine feeds it, tests read it.
import { Int32Histogram } from 'hdr-histogram-js';
import type { LatencySummary, LoadTestCounts, ThroughputPoint } from './types';

/** Longest latency told apart (one hour, in µs); longer ones are counted as this. */
const MAX_US = 3_600_000_000;
/** Bins of the latency chart. */
const CHART_BINS = 40;
/** Completions are counted per slice of this many ms. */
const SLICE_MS = 100;
/** Most throughput points in a result. */
const MAX_POINTS = 600;

/** Zero counts. */
export function emptyCounts(): LoadTestCounts {
  return { submitted: 0, complete: 0, fail: 0, exception: 0, timeout: 0, error: 0 };
}

/** Jobs that ended, however they ended. */
export function ended(c: LoadTestCounts): number {
  return c.complete + c.fail + c.exception + c.timeout + c.error;
}

/** Latencies of finished jobs. */
export class LatencyRecorder {
  private readonly h = new Int32Histogram(1, MAX_US, 3);
  private sumUs = 0;

  /** Records one latency in microseconds. */
  record(us: number): void {
    const v = Math.max(1, Math.min(MAX_US, Math.round(us)));
    this.h.recordValue(v);
    this.sumUs += v;
  }

  /** How many were recorded. */
  get count(): number {
    return this.h.totalCount;
  }

  /** The range of latencies (µs) the histogram counts as equal to the reported `p` percentile: the exact value lies in it. */
  bracket(percentile: number): [number, number] {
    const v = this.h.getValueAtPercentile(percentile);
    return [this.h.lowestEquivalentValue(v), this.h.highestEquivalentValue(v)];
  }

  /** Percentiles, mean and chart bins, in milliseconds. */
  summary(): LatencySummary {
    const n = this.h.totalCount;
    if (n === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0, bins: [] };
    const ms = (us: number) => us / 1000;
    const min = this.h.minNonZeroValue;
    const max = this.h.maxValue;
    return {
      count: n,
      min: ms(min),
      mean: ms(this.sumUs / n),
      p50: ms(this.h.getValueAtPercentile(50)),
      p90: ms(this.h.getValueAtPercentile(90)),
      p99: ms(this.h.getValueAtPercentile(99)),
      max: ms(max),
      bins: this.bins(min, max).map((b) => ({ from: ms(b.from), to: ms(b.to), count: b.count })),
    };
  }

  // Log-spaced bins from min to max: latencies spread over orders of magnitude.
  private bins(min: number, max: number): { from: number; to: number; count: number }[] {
    const lo = Math.log(min);
    const span = Math.max(Math.log(max + 1) - lo, 1e-9);
    const out = Array.from({ length: CHART_BINS }, (_, i) => ({
      from: Math.exp(lo + (span * i) / CHART_BINS),
      to: Math.exp(lo + (span * (i + 1)) / CHART_BINS),
      count: 0,
    }));
    const it = this.h.recordedValuesIterator;
    it.reset();
    while (it.hasNext()) {
      const v = it.next();
      const i = Math.min(
        CHART_BINS - 1,
        Math.max(0, Math.floor(((Math.log(v.valueIteratedTo) - lo) / span) * CHART_BINS)),
      );
      out[i].count += v.countAtValueIteratedTo;
    }
    return out;
  }
}

/** Completions of a run over time, counted in 100 ms slices. */
export class Throughput {
  private readonly jobs: number[] = [];
  private readonly sumMs: number[] = [];
  private sentSeconds = 0;

  /** A job that ended `atMs` after the start and took `latencyMs`. */
  record(atMs: number, latencyMs: number): void {
    const i = Math.floor(atMs / SLICE_MS);
    while (this.jobs.length <= i) {
      this.jobs.push(0);
      this.sumMs.push(0);
    }
    this.jobs[i]++;
    this.sumMs[i] += latencyMs;
  }

  /** Jobs that ended in the last whole second before `nowMs`. */
  lastSecond(nowMs: number): number {
    const s = Math.floor(nowMs / 1000) - 1;
    return s < 0 ? 0 : this.point(s * 1000, 1000, nowMs).jobs;
  }

  /** Whole seconds before `nowMs` not returned by an earlier call (the live chart). */
  takeNew(nowMs: number): ThroughputPoint[] {
    const upTo = Math.floor(nowMs / 1000);
    const out: ThroughputPoint[] = [];
    for (; this.sentSeconds < upTo; this.sentSeconds++) out.push(this.point(this.sentSeconds * 1000, 1000, nowMs));
    return out;
  }

  /** The whole run up to `endMs` in at most MAX_POINTS slices (100 ms for a run under a minute, a second for ten minutes). */
  all(endMs: number): ThroughputPoint[] {
    const span = Math.max(endMs, this.jobs.length * SLICE_MS);
    const size = Math.max(SLICE_MS, Math.ceil(span / MAX_POINTS / SLICE_MS) * SLICE_MS);
    return Array.from({ length: Math.max(1, Math.ceil(span / size)) }, (_, k) =>
      this.point(k * size, size, Math.max(endMs, 1)),
    );
  }

  private point(fromMs: number, sizeMs: number, endMs: number): ThroughputPoint {
    let jobs = 0,
      sum = 0;
    for (let i = fromMs / SLICE_MS; i < (fromMs + sizeMs) / SLICE_MS; i++) {
      jobs += this.jobs[i] ?? 0;
      sum += this.sumMs[i] ?? 0;
    }
    // The last slice is rated over the time the run lasted in it, but at least half a slice, so a few ms cannot make a spike.
    const lasted = Math.max(SLICE_MS / 2, Math.min(sizeMs, endMs - fromMs)) / 1000;
    return { t: fromMs / 1000, jobs, perSec: jobs / lasted, meanMs: jobs ? sum / jobs : 0 };
  }
}
