// What the client knows about one job, folded from the server's gearman/jobEvents
// notifications, in place and within bounds (chunkLog.ts). Pure (no vscode import), so it is unit-tested.
import type { JobEvent, SubmitJobParams } from '../../../server/src/protocol';
import { appendChunks, emptyLog, LIVE_LIMITS, type ChunkLimits, type ChunkLog } from './chunkLog';

/**
 * What was submitted (as sent to gearman.server.submitJob, without the job id). A job the
 * server started from a job file may come without its payload when it was large: then only
 * `payloadSize` is known, and the job cannot be run again from here.
 */
export type JobRequest = Omit<SubmitJobParams, 'jobId' | 'workDoneToken' | 'payload'> & {
  payload?: string;
  payloadSize?: number;
};

/** The payload's size in bytes. */
export function payloadSize(r: JobRequest): number {
  return r.payload !== undefined ? Buffer.byteLength(r.payload, 'base64') : (r.payloadSize ?? 0);
}

/** Where a job is. */
export type JobPhase = 'submitting' | 'waiting' | 'complete' | 'fail' | 'exception' | 'queued' | 'error' | 'cancelled';

/** One job as the result panel and the Jobs view show it. */
export interface JobState {
  jobId: string;
  request: JobRequest;
  /** How the target was named to the user (server name, or "all servers"). */
  target: string;
  phase: JobPhase;
  handle?: string;
  server?: string;
  /** `queued` is when gearmand took a background job (it is not finished then, so not `completed`). */
  times: { submitted?: number; created?: number; firstData?: number; completed?: number; queued?: number };
  /** WORK_DATA chunks: the newest kept, the others counted. */
  data: ChunkLog;
  /** WORK_WARNING chunks: the newest kept, the others counted. */
  warnings: ChunkLog;
  progress?: { numerator: number; denominator: number };
  /** WORK_COMPLETE or WORK_EXCEPTION bytes (base64): all of them, or the first MiB when `resultSize` is larger. */
  result?: string;
  /** The result's full size in bytes (gearman/saveJobOutput has all of it). */
  resultSize?: number;
  /** Why it ended badly (error, cancelled), or what the watch last said. */
  message?: string;
  /** Latest GET_STATUS answer while the job is watched. */
  watch?: { known: boolean; running: boolean; numerator: number; denominator: number; at: number; active: boolean };
}

/** Suffix of the job id used when watching a job: its events fold into the watched job. */
export const WATCH_SUFFIX = '#watch';

/** A new job state before any event. */
export function newJobState(jobId: string, request: JobRequest, target: string): JobState {
  return { jobId, request, target, phase: 'submitting', times: {}, data: emptyLog(), warnings: emptyLog() };
}

/** True once the job will not change any more (except by watching). */
export function isFinished(s: JobState): boolean {
  return s.phase !== 'submitting' && s.phase !== 'waiting';
}

/** Folds one event into the state, in place (a flood must not copy what is kept per event); returns it. */
export function applyJobEvent(s: JobState, e: JobEvent, limits: ChunkLimits = LIVE_LIMITS): JobState {
  if (e.jobId.endsWith(WATCH_SUFFIX)) return applyWatchEvent(s, e);
  switch (e.kind) {
    case 'submitted':
      s.times.submitted = e.at;
      if (e.server) s.target = e.server;
      if (e.request) s.request = { ...e.request };
      break;
    case 'created':
      s.times.created = e.at;
      s.phase = 'waiting';
      s.handle = e.handle;
      s.server = e.server;
      break;
    case 'data':
      s.times.firstData ??= e.at;
      appendChunks(s.data, e.chunks, e.skipped, e.skippedBytes, limits);
      break;
    case 'warning':
      appendChunks(s.warnings, e.chunks, e.skipped, e.skippedBytes, limits);
      break;
    case 'status':
      s.progress = { numerator: e.numerator ?? 0, denominator: e.denominator ?? 0 };
      break;
    case 'complete':
    case 'exception':
    case 'fail':
    case 'queued':
      s.phase = e.kind;
      if (e.kind === 'queued') s.times.queued = e.at;
      else s.times.completed = e.at;
      s.handle = e.handle ?? s.handle;
      s.server = e.server ?? s.server;
      if (e.data !== undefined) {
        s.result = e.data;
        const sent = Buffer.byteLength(e.data, 'base64');
        s.resultSize = Number.isSafeInteger(e.size) && (e.size as number) >= sent ? e.size : sent;
      }
      break;
    case 'error':
    case 'cancelled':
      if (e.request) s.request = { ...e.request };
      s.phase = e.kind;
      s.times.completed = e.at;
      s.message = e.message;
      break;
    default:
      break;
  }
  return s;
}

/** True when the result in the state is only the start of it (the rest is saved on request). */
export function resultIsCut(s: JobState): boolean {
  return s.result !== undefined && (s.resultSize ?? 0) > Buffer.byteLength(s.result, 'base64');
}

function applyWatchEvent(s: JobState, e: JobEvent): JobState {
  const prev = s.watch ?? { known: true, running: false, numerator: 0, denominator: 0, at: e.at, active: true };
  switch (e.kind) {
    case 'watch':
      s.watch = {
        known: !!e.known,
        running: !!e.running,
        numerator: e.numerator ?? 0,
        denominator: e.denominator ?? 0,
        at: e.at,
        active: true,
      };
      break;
    case 'gone':
    case 'error':
    case 'cancelled':
      s.message = e.message;
      s.watch = { ...prev, known: e.kind === 'gone' ? false : prev.known, at: e.at, active: false };
      break;
    default:
      break;
  }
  return s;
}

/** Percentage from WORK_STATUS, or undefined when there is none (or no denominator). */
export function percent(p: { numerator: number; denominator: number } | undefined): number | undefined {
  if (!p || p.denominator <= 0) return undefined;
  return Math.max(0, Math.min(100, Math.round((p.numerator / p.denominator) * 100)));
}

/** Why a watched background job is no longer known: said wherever "ended" is shown. */
export const GONE_NOTE =
  'The server no longer knows this job: a worker finished it (a background job sends its result to no one), or the server restarted and lost its queue.';

/** A one-line status for lists and notifications, in plain words (the handle is shown beside it). */
export function describeJob(s: JobState): string {
  const pct = percent(s.progress);
  switch (s.phase) {
    case 'submitting':
      return 'submitting…';
    case 'waiting':
      return pct !== undefined
        ? `running ${pct}%`
        : s.data.total
          ? `${s.data.total} data packets`
          : 'waiting for a worker…';
    case 'queued': {
      if (!s.watch) return 'queued';
      if (!s.watch.known) return 'ended (gone from the server)';
      const wp = percent(s.watch);
      return s.watch.running ? `running${wp !== undefined ? ` ${wp}%` : ''}` : 'queued';
    }
    case 'complete':
      return 'complete';
    case 'fail':
      return 'failed (WORK_FAIL)';
    case 'exception':
      return 'exception';
    case 'error':
      return 'error';
    case 'cancelled':
      return 'stopped waiting';
  }
}
