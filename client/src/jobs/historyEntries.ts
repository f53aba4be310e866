// History entries as plain data: what is kept of a finished job, and the bounded list.
// Pure, so it is unit-tested.
import { payloadSize as payloadSizeOf, type JobPhase, type JobRequest, type JobState } from './jobState';

/** Largest result (and payload) kept per entry, in base64 characters; larger ones are dropped with a note. */
export const MAX_KEPT_B64 = 256 * 1024;

/** One remembered submission. */
export interface HistoryEntry {
  id: string;
  /** Epoch ms of the submission. */
  at: number;
  request: JobRequest;
  repeat: number;
  target: string;
  phase: JobPhase;
  handle?: string;
  server?: string;
  result?: string;
  message?: string;
  /** True when the payload or result was too large to keep. */
  trimmed?: boolean;
  times: JobState['times'];
  data: string[];
  warnings: string[];
}

/** What is kept of a job. */
export function toHistoryEntry(s: JobState, repeat = 1): HistoryEntry {
  const payloadTooBig = (s.request.payload?.length ?? 0) > MAX_KEPT_B64;
  const resultTooBig = (s.result?.length ?? 0) > MAX_KEPT_B64;
  const dataSize = s.data.reduce((n, d) => n + d.length, 0);
  return {
    id: s.jobId, at: s.times.submitted ?? Date.now(), request: payloadTooBig ? { ...s.request, payload: undefined, payloadSize: payloadSizeOf(s.request) } : s.request,
    repeat, target: s.target, phase: s.phase, handle: s.handle, server: s.server,
    result: resultTooBig ? undefined : s.result, message: s.message,
    ...(payloadTooBig || resultTooBig || dataSize > MAX_KEPT_B64 ? { trimmed: true } : {}),
    times: s.times, data: dataSize > MAX_KEPT_B64 ? [] : s.data, warnings: s.warnings.slice(0, 100),
  };
}

/** The list with `e` first, without an older entry of the same id, at most `max` long. */
export function addHistoryEntry(list: HistoryEntry[], e: HistoryEntry, max: number): HistoryEntry[] {
  const n = Number.isInteger(max) && max >= 0 ? max : 50;
  return [e, ...list.filter((x) => x.id !== e.id)].slice(0, n);
}

/** A job state rebuilt from an entry (to show it in a result panel again). */
export function entryToState(e: HistoryEntry): JobState {
  return {
    jobId: e.id, request: e.request, target: e.target, phase: e.phase, handle: e.handle, server: e.server,
    times: e.times, data: e.data, warnings: e.warnings, result: e.result,
    message: e.trimmed ? [e.message, 'Part of this job was too large to keep in the history.'].filter(Boolean).join(' ') : e.message,
  };
}
