// History entries as plain data: what is kept of a finished job, and the bounded list.
// Pure, so it is unit-tested.
import { boundedCopy, logOf, type ChunkLimits, type ChunkLog } from './chunkLog';
import { payloadSize as payloadSizeOf, type JobPhase, type JobRequest, type JobState } from './jobState';

/** Largest payload kept per entry, in base64 characters; a larger one is dropped with a note. */
export const MAX_KEPT_B64 = 256 * 1024;
/** Result bytes kept per entry; a larger result keeps its start and its size. */
export const MAX_KEPT_RESULT = (MAX_KEPT_B64 / 4) * 3;
/** What an entry keeps of the data and of the warnings, each: the newest chunks, the rest counted. */
export const HISTORY_LIMITS: ChunkLimits = { chunks: 50, bytes: 128 * 1024 };

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
  /** The result (base64), or its first MAX_KEPT_RESULT bytes when `resultSize` is larger. */
  result?: string;
  resultSize?: number;
  message?: string;
  /** True when the payload was too large to keep. */
  trimmed?: boolean;
  times: JobState['times'];
  /** Plain base64 chunks in entries written before chunk logs. */
  data: ChunkLog | string[];
  warnings: ChunkLog | string[];
}

/** What is kept of a job. */
export function toHistoryEntry(s: JobState, repeat = 1): HistoryEntry {
  const payloadTooBig = (s.request.payload?.length ?? 0) > MAX_KEPT_B64;
  let result = s.result;
  const resultSize = s.resultSize ?? (result !== undefined ? Buffer.byteLength(result, 'base64') : undefined);
  if (result !== undefined && result.length > MAX_KEPT_B64)
    result = Buffer.from(result, 'base64').subarray(0, MAX_KEPT_RESULT).toString('base64');
  return {
    id: s.jobId,
    at: s.times.submitted ?? Date.now(),
    request: payloadTooBig ? { ...s.request, payload: undefined, payloadSize: payloadSizeOf(s.request) } : s.request,
    repeat,
    target: s.target,
    phase: s.phase,
    handle: s.handle,
    server: s.server,
    result,
    ...(resultSize !== undefined ? { resultSize } : {}),
    message: s.message,
    ...(payloadTooBig ? { trimmed: true } : {}),
    times: s.times,
    data: boundedCopy(s.data, HISTORY_LIMITS),
    warnings: boundedCopy(s.warnings, HISTORY_LIMITS),
  };
}

/** The list with `e` first, without an older entry of the same id, at most `max` long. */
export function addHistoryEntry(list: HistoryEntry[], e: HistoryEntry, max: number): HistoryEntry[] {
  const n = Number.isInteger(max) && max >= 0 ? max : 50;
  return [e, ...list.filter((x) => x.id !== e.id)].slice(0, n);
}

const asLog = (x: ChunkLog | string[] | undefined) =>
  Array.isArray(x) ? logOf(x, HISTORY_LIMITS) : boundedCopy(x ?? logOf([]), HISTORY_LIMITS);

/** A job state rebuilt from an entry (to show it in a result panel again). */
export function entryToState(e: HistoryEntry): JobState {
  return {
    jobId: e.id,
    request: e.request,
    target: e.target,
    phase: e.phase,
    handle: e.handle,
    server: e.server,
    times: { ...e.times },
    data: asLog(e.data),
    warnings: asLog(e.warnings),
    result: e.result,
    ...(e.resultSize !== undefined ? { resultSize: e.resultSize } : {}),
    message: e.trimmed
      ? [e.message, 'The payload was too large to keep in the history.'].filter(Boolean).join(' ')
      : e.message,
  };
}
