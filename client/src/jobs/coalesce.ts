// Submits gearmand folded into one job. A submit whose unique id matches a job the server still
// holds gets that job's handle instead of a new job (background ×N with one unique id is one
// job), so the editor groups its job states by server and handle: one Jobs row, one sentence.
// Pure, so it is unit-tested.
import type { JobState } from './jobState';

/** Job states that are one job on the server: the first submitted leads. */
export interface JobGroup {
  lead: JobState;
  members: JobState[];
}

/** The states grouped by server and handle (a state without a handle is its own group), in first-seen order. */
export function groupByHandle(states: readonly JobState[]): JobGroup[] {
  const groups = new Map<string, JobGroup>();
  states.forEach((s, i) => {
    const key = s.handle ? `${s.server ?? s.target}\u0000${s.handle}` : `\u0001${i}`;
    const g = groups.get(key);
    if (g) g.members.push(s);
    else groups.set(key, { lead: s, members: [s] });
  });
  return [...groups.values()];
}

/** The other states of `all` that are the same server job as `s` (same server and handle). */
export function sameJobAs(s: JobState, all: readonly JobState[]): JobState[] {
  if (!s.handle) return [];
  const server = s.server ?? s.target;
  return all.filter((x) => x !== s && x.handle === s.handle && (x.server ?? x.target) === server);
}

/** A sentence saying that `n` submits became one job, and why, for a notification or the panel. */
export function coalescedNote(n: number, lead: JobState): string {
  const unique = lead.request.unique ? ` with the unique id "${lead.request.unique}"` : '';
  return `gearmand coalesced ${n} submits${unique} into one job (${lead.handle ?? '?'}): a submit whose unique id matches a job still on the server joins that job instead of queueing another.`;
}
