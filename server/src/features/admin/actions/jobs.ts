// Show jobs: the jobs a server holds, tied to unique ids and functions where that is certain.
import { readJobs } from '../readJobs';
import { defineAction, supports } from './action';

/** `{ kind: 'jobs' }`: `show jobs` + `show unique jobs` + `status` on gearmand, `jobs` on Perl Gearman::Server. */
export const jobs = defineAction<{ kind: 'jobs' }>({
  kind: 'jobs',
  command: 'show jobs',
  changes: false,
  announce: (v) => (v.kind === 'perl' || supports(v, 'show jobs') ? ['jobs'] : []),
  check: () => undefined,
  async run({ admin, target, where }) {
    const listing = await readJobs(admin, target.endpoint, target.id);
    return { ok: true, message: `${listing.jobs.length} jobs on ${where}`, jobs: listing };
  },
});
