// Reads the jobs of one server: `show jobs` + `show unique jobs` + `status` and, for a
// listing small enough, GET_STATUS / GET_STATUS_UNIQUE per job (one pipelined binary
// connection); `jobs` on Perl Gearman::Server. See jobs.ts for how they are matched.
import { type AdminClient, GearmanClient, type Endpoint, encodeName, hasRawBytes } from '../../gearman';
import { gearmandListing, perlListing, type ProgressStatus } from './jobs';
import type { JobListing } from './types';

/** Most jobs listed per server; a bigger queue is cut (and said so). */
export const MAX_LISTED_JOBS = 2000;
/** Up to this many jobs, each one's status is asked to tie handles to unique ids. */
export const MAX_STATUS_LOOKUPS = 500;

/** Reads the current jobs of the server behind `admin`. */
export async function readJobs(admin: AdminClient, endpoint: Endpoint, serverId: string): Promise<JobListing> {
  const version = await admin.version();
  if (version.kind === 'perl') return perlListing(serverId, encodeName(await admin.raw('jobs', 'list')), Date.now());
  const all = await admin.showJobs();
  const uniques = await admin.showUniqueJobs();
  const status = await admin.status();
  const rows = all.slice(0, MAX_LISTED_JOBS);
  let byHandle: Map<string, ProgressStatus> | undefined;
  let byUnique: Map<string, ProgressStatus> | undefined;
  if (all.length > 0 && all.length <= MAX_STATUS_LOOKUPS && uniques.length <= MAX_STATUS_LOOKUPS) {
    ({ byHandle, byUnique } = await lookUp(
      endpoint,
      rows.map((r) => r.handle),
      uniques,
    ));
  }
  return gearmandListing({
    serverId,
    rows,
    uniques: uniques.slice(0, MAX_LISTED_JOBS),
    functions: status,
    byHandle,
    byUnique,
    totalRows: all.length,
    now: Date.now(),
  });
}

async function lookUp(
  endpoint: Endpoint,
  handles: string[],
  uniques: string[],
): Promise<{ byHandle?: Map<string, ProgressStatus>; byUnique?: Map<string, ProgressStatus> }> {
  const client = new GearmanClient(endpoint, { connectTimeoutMs: 4000, requestTimeoutMs: 8000, exceptions: false });
  try {
    // Names with raw bytes would be re-encoded as UTF-8 by the packet codec: skip them rather than ask about another job.
    const plain = uniques.filter((u) => u !== '' && !hasRawBytes(u));
    const [hs, us] = await Promise.all([
      Promise.all(handles.map((h) => client.getStatus(h))),
      Promise.all(plain.map((u) => client.getStatusUnique(u))),
    ]);
    const byHandle = new Map<string, ProgressStatus>(hs.map((s, i) => [handles[i], s]));
    const byUnique = new Map<string, ProgressStatus>(us.map((s, i) => [plain[i], s]));
    return { byHandle, byUnique };
  } catch {
    // Without statuses the listing is still right, only less matched.
    return {};
  } finally {
    client.close();
  }
}
