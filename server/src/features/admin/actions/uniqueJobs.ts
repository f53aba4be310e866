// Show unique jobs: the unique ids a gearmand holds, each tied to its job where that is certain.
import { readJobs } from '../readJobs';
import { defineAction } from './action';

/** `{ kind: 'uniqueJobs' }`: `show unique jobs` (with the listing that ties uniques to handles). */
export const uniqueJobs = defineAction<{ kind: 'uniqueJobs' }>({
  kind: 'uniqueJobs',
  command: 'show unique jobs',
  changes: false,
  check: () => undefined,
  async run({ admin, target, where }) {
    const listing = await readJobs(admin, target.endpoint, target.id);
    return { ok: true, message: `${listing.uniques.length} unique ids on ${where}`, jobs: listing };
  },
});
