// Queue latency: the age of the oldest job waiting per function (Sidekiq's "latency").
// gearmand keeps no timestamps, so the handles `show jobs` lists are remembered across reads:
// a job's age is counted from the first read that listed it. It is an estimate: a job listed
// by the first read may be older than that, and a job whose function `show jobs` does not name
// (gearmand 1.1 lists no function; jobs.ts matches them by status counts) is counted under each
// function it may belong to. Servers without `show jobs` (Perl) list jobs with no handle: no latency.
import type { JobListing } from '../admin/types';

/** The oldest queued job of a function, as this editor saw it. */
export interface FunctionLatency {
  function: string;
  /** Seconds since the oldest queued job was first listed. */
  ageSec: number;
  /** Epoch ms the oldest queued job was first listed. */
  since: number;
  /** True when the age can be larger than shown (listed by the first read, or the function not certain). */
  estimate: boolean;
  /** Jobs queued that were listed. */
  queued: number;
}

/** Remembers when each job handle of one server was first listed. */
export class LatencyTracker {
  private firstSeen = new Map<string, number>();
  private firstRead: number | undefined;
  private latest = new Map<string, FunctionLatency>();

  /** Takes a listing; answers the latency per function that has queued jobs. */
  update(listing: JobListing, now = listing.readAt): Map<string, FunctionLatency> {
    this.firstRead ??= now;
    const next = new Map<string, number>();
    const out = new Map<string, FunctionLatency>();
    for (const j of listing.jobs) {
      if (!j.handle) continue;
      const since = this.firstSeen.get(j.handle) ?? now;
      next.set(j.handle, since);
      if (j.state !== 'queued') continue;
      const fns = j.function !== undefined ? [j.function] : (j.candidates ?? []);
      const unsure = j.function === undefined || since === this.firstRead || listing.truncated;
      for (const fn of fns) {
        const cur = out.get(fn);
        if (!cur) out.set(fn, { function: fn, since, ageSec: 0, estimate: unsure, queued: 1 });
        else {
          cur.queued++;
          if (since < cur.since) {
            cur.since = since;
            cur.estimate = unsure;
          } else if (since === cur.since) cur.estimate ||= unsure;
        }
      }
    }
    for (const l of out.values()) l.ageSec = Math.max(0, Math.round((now - l.since) / 1000));
    // Handles no longer listed are gone for good (gearmand never reuses a handle within a run).
    this.firstSeen = next;
    this.latest = out;
    return out;
  }

  /** The latency from the last listing. */
  current(): Map<string, FunctionLatency> {
    return this.latest;
  }
}
