// Job listings per server, read through the language server only when a function row is
// expanded or "Show Jobs" runs, and read again when the server's snapshot has changed
// since (or after an action that changes jobs, which need not change the counts).
import type { JobListing, ServerSnapshot } from '../../../server/src/protocol';

/** How a listing is fetched: the listing, or a message saying why not. */
export type FetchJobs = (serverId: string) => Promise<JobListing | string>;

interface Entry {
  revision: number;
  result: Promise<JobListing | string>;
  settled?: JobListing | string;
}

/** Caches one listing per server, keyed by the snapshot revision it was read at. */
export class JobCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly fetch: FetchJobs) {}

  /** The listing for the server as it is now (re-read when its snapshot changed). */
  get(s: ServerSnapshot): Promise<JobListing | string> {
    const e = this.entries.get(s.id);
    if (e && e.revision === s.revision) return e.result;
    const entry: Entry = { revision: s.revision, result: Promise.resolve('') };
    entry.result = this.fetch(s.id)
      .catch((err: unknown) => `Cannot read the jobs: ${(err as Error).message ?? String(err)}`)
      .then((r) => {
        entry.settled = r;
        return r;
      });
    this.entries.set(s.id, entry);
    return entry.result;
  }

  /** The last listing read, if any (no fetch). */
  peek(serverId: string): JobListing | undefined {
    const r = this.entries.get(serverId)?.settled;
    return typeof r === 'object' ? r : undefined;
  }

  /** Forgets a server's listing so the next get reads it again. */
  invalidate(serverId: string): void {
    this.entries.delete(serverId);
  }
}
