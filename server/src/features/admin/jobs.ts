// Builds the jobs listing from what the admin protocol gives, tying handles to unique ids
// and functions only where that is certain. Pure: replies in, listing out.
//
// gearmand 1.1.x: `show jobs` walks the handle hash table and `show unique jobs` the unique
// hash table (libgearman-server/text.cc), so the two lists come in unrelated orders, and
// neither names the function. What can be known without changing the server:
//   - a job's state: ignore=1 is a cancelled job (1.1.x keeps it, and counts it in `status`,
//     until a worker grabs and discards it); 1.1.20 leaves queued=1 on a running job, so
//     GET_STATUS's running flag decides between queued and running;
//   - GET_STATUS per handle and GET_STATUS_UNIQUE per unique both give running and progress:
//     a handle and a unique with the same running progress, alone of their kind, are one job;
//     one job that waits and one unique that waits are one job;
//   - `status` counts per function: when one function alone has waiting (or running) jobs,
//     every waiting (or running) job is its.
// Anything else is shown as uncertain, never guessed. The only exact way would be a submit
// with the same function and unique (de-duplication returns the handle), which adds a job
// when the guess is wrong, so it is not used.
// Perl Gearman::Server's `jobs` lists function and unique per job (no handle), so there it is exact.
import { listRows, ProtocolError, decodeName, displayName } from '../../gearman';
import type { JobEntry, JobListing, JobState } from './types';

/** A row of `show jobs`. */
export interface HandleRow {
  handle: string;
  retries: number;
  ignore: boolean;
  queued: boolean;
}
/** GET_STATUS / GET_STATUS_UNIQUE answers that matter here. */
export interface ProgressStatus {
  known: boolean;
  running: boolean;
  numerator: number;
  denominator: number;
  waitingClients?: number;
}
/** A `status` row. */
export interface FunctionCount {
  name: string;
  queued: number;
  running: number;
}

/** Everything read from a gearmand for one listing. */
export interface GearmandJobInput {
  serverId: string;
  rows: HandleRow[];
  uniques: string[];
  functions: FunctionCount[];
  /** GET_STATUS per handle (absent when there were too many jobs to ask). */
  byHandle?: Map<string, ProgressStatus>;
  /** GET_STATUS_UNIQUE per unique. */
  byUnique?: Map<string, ProgressStatus>;
  /** How many rows the server had before the listing was cut. */
  totalRows?: number;
  now: number;
}

/** Builds the listing of a gearmand (see the module comment for what is certain). */
export function gearmandListing(input: GearmandJobInput): JobListing {
  const jobs: JobEntry[] = input.rows.map((r) => {
    const e: JobEntry = { handle: r.handle, state: stateOf(r, input.byHandle?.get(r.handle)), retries: r.retries };
    const st = input.byHandle?.get(r.handle);
    if (st?.running && st.denominator > 0) e.progress = { numerator: st.numerator, denominator: st.denominator };
    return e;
  });
  const liveUniques = input.uniques.filter((u) => input.byUnique?.get(u)?.known !== false);
  const matchedUniques = matchUniques(jobs, liveUniques, input.byHandle, input.byUnique);
  for (const e of jobs) {
    if (e.unique !== undefined) {
      const w = input.byUnique?.get(e.unique)?.waitingClients;
      if (w !== undefined) e.waitingClients = w;
    }
  }
  placeInFunctions(jobs, input.functions);
  const tied = jobs.filter((j) => j.unique !== undefined).length;
  const placed = jobs.filter((j) => j.function !== undefined).length;
  const truncated = (input.totalRows ?? input.rows.length) > input.rows.length;
  const matching = [
    `Tied ${tied} of ${jobs.length} handles to unique ids and placed ${placed} under their function.`,
    'gearmand lists handles and unique ids separately, in unrelated orders and without function names:',
    'a handle gets a unique id only when one job alone has that state and progress, and a function only when it alone has jobs in that state.',
    'Other jobs show under every function they may belong to, marked "function not certain".',
    input.byHandle || !jobs.length
      ? ''
      : 'Job statuses could not be asked (too many jobs, or the binary connection failed): a running job may show as queued (cancelling still checks first), and only a single job could be tied to its unique id.',
    truncated ? `Only the first ${input.rows.length} of ${input.totalRows} jobs are listed.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    serverId: input.serverId,
    jobs,
    uniques: input.uniques,
    unmatchedUniques: liveUniques.filter((u) => !matchedUniques.has(u)),
    matching,
    truncated,
    readAt: input.now,
  };
}

function stateOf(r: HandleRow, st: ProgressStatus | undefined): JobState {
  if (r.ignore) return 'cancelled';
  if (r.queued && !st?.running) return 'queued';
  return 'running';
}

/** Ties each handle to a unique where the pairing is the only one possible; returns the uniques used. */
function matchUniques(
  jobs: JobEntry[],
  uniques: string[],
  byHandle?: Map<string, ProgressStatus>,
  byUnique?: Map<string, ProgressStatus>,
): Set<string> {
  const used = new Set<string>();
  if (jobs.length === 1 && uniques.length === 1) {
    jobs[0].unique = uniques[0];
    used.add(uniques[0]);
    return used;
  }
  if (!byHandle || !byUnique) return used;
  const sig = (s: ProgressStatus | undefined) =>
    !s || !s.known ? undefined : s.running ? `run ${s.numerator}/${s.denominator}` : 'wait';
  const handlesBy = new Map<string, JobEntry[]>();
  for (const j of jobs) {
    const k = sig(byHandle.get(j.handle ?? ''));
    if (k) handlesBy.set(k, [...(handlesBy.get(k) ?? []), j]);
  }
  const uniquesBy = new Map<string, string[]>();
  for (const u of uniques) {
    const k = sig(byUnique.get(u));
    if (k) uniquesBy.set(k, [...(uniquesBy.get(k) ?? []), u]);
  }
  for (const [k, hs] of handlesBy) {
    const us = uniquesBy.get(k);
    if (hs.length === 1 && us?.length === 1) {
      hs[0].unique = us[0];
      used.add(us[0]);
    }
  }
  return used;
}

/** Sets `function` where status counts leave one possibility, else `candidates`. */
function placeInFunctions(jobs: JobEntry[], functions: FunctionCount[]): void {
  const waiting = functions.filter((f) => f.queued > 0).map((f) => f.name);
  const running = functions.filter((f) => f.running > 0).map((f) => f.name);
  for (const j of jobs) {
    // gearmand counts cancelled (ignored) jobs as queued until a worker discards them.
    const names = j.state === 'running' ? running : waiting;
    if (names.length === 1) j.function = names[0];
    else j.candidates = names;
  }
}

/** Parses Perl Gearman::Server's `jobs` reply: `FUNC\tUNIQ\tWORKER\tLISTENERS` lines, then `.` (ERR and malformed replies throw). */
export function perlListing(serverId: string, reply: Buffer, now: number): JobListing {
  const jobs: JobEntry[] = [];
  for (const line of listRows('jobs', reply)) {
    const parts: string[] = [];
    let start = 0;
    for (let t = line.indexOf(9); t >= 0; t = line.indexOf(9, start)) {
      parts.push(decodeName(line.subarray(start, t)));
      start = t + 1;
    }
    parts.push(decodeName(line.subarray(start)));
    if (parts.length !== 4)
      throw new ProtocolError(
        `Perl Gearman::Server sent a \`jobs\` line that is not FUNC, UNIQ, WORKER, LISTENERS: "${displayName(decodeName(line)).slice(0, 200)}"`,
        'BAD_ADMIN_REPLY',
      );
    const [fn, unique, worker, listeners] = parts;
    const e: JobEntry = { function: fn, unique, state: worker && worker !== '-' ? 'running' : 'queued' };
    if (e.state === 'running') e.worker = worker;
    const n = Number(listeners);
    if (/^\d+$/.test(listeners)) e.waitingClients = n;
    jobs.push(e);
  }
  return {
    serverId,
    jobs,
    uniques: jobs.map((j) => j.unique ?? ''),
    unmatchedUniques: [],
    matching:
      'Perl Gearman::Server lists each job with its function and unique id; it gives no job handles, so jobs cannot be cancelled there.',
    truncated: false,
    readAt: now,
  };
}
