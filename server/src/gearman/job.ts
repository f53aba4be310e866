// A submitted job as the caller sees it: events in arrival order, a `created`
// promise (the handle) and a `result` promise (the outcome). The client drives it
// through the methods marked internal; the job owns its timer and abort signal.
import { EventEmitter } from 'node:events';
import { AbortedError, GearmanError, TimeoutError } from './errors';

/** Queue priority of a job. */
export type JobPriority = 'high' | 'normal' | 'low';

/** Options of GearmanClient.submit. */
export interface SubmitOptions {
  /** Default 'normal'. */
  priority?: JobPriority;
  /** Fire and forget: the job is done for the client once the server accepted it. */
  background?: boolean;
  /** Unique id (<= 64 bytes, no NUL): the server merges jobs with the same function and unique id. */
  unique?: string;
  /** Run at this unix time in seconds (SUBMIT_JOB_EPOCH). Always a normal-priority background job. */
  epoch?: number;
  /** Aborting stops waiting, as cancel() does. */
  signal?: AbortSignal;
  /** Give up waiting after this many ms (TimeoutError). The job may still run on the server. */
  timeoutMs?: number;
  /**
   * Give up when the server has not accepted the job (JOB_CREATED) this many ms after submit,
   * connecting included (TimeoutError ACCEPT_TIMEOUT): a hung server cannot keep a caller waiting.
   */
  acceptTimeoutMs?: number;
  /** After a lost connection, submit the job again to the next server (see FAILOVER_RULES). */
  resubmitOnLoss?: boolean;
}

/** A WORK_STATUS update. */
export interface JobStatusUpdate {
  numerator: number;
  denominator: number;
}

/** How a job ended, from the client's point of view. Errors (lost, timeout, refused) reject instead. */
export type JobOutcome =
  | { status: 'complete'; data: Buffer; handle: string; server: string }
  | { status: 'fail'; handle: string; server: string }
  | { status: 'exception'; data: Buffer; handle: string; server: string }
  /** A background job the server accepted: nothing more will be heard of it. */
  | { status: 'queued'; handle: string; server: string };

/** A resubmission after a lost connection. */
export interface ResubmitEvent {
  from: string;
  error: GearmanError;
  attempt: number;
}

/** Events of a Job, in the order the server sends them. */
export interface JobEvents {
  created: [handle: string];
  data: [data: Buffer];
  warning: [data: Buffer];
  status: [update: JobStatusUpdate];
  complete: [data: Buffer];
  fail: [];
  exception: [data: Buffer];
  resubmitted: [event: ResubmitEvent];
}

/** @internal What a job tells the session that sent it when it ends. */
export interface JobOwner {
  forget(job: Job): void;
}

// Shared, so a job costs no closure for callers that await only one of its promises.
const ignore = () => {};

/** One submitted job. */
export class Job extends EventEmitter<JobEvents> {
  /** The job handle the server gave, once JOB_CREATED arrived. */
  handle: string | undefined;
  /** `host:port` of the server that holds the job. */
  server: string | undefined;
  /** How many times the job was sent (more than 1 after resubmissions). */
  attempts = 0;
  /** Resolves with the outcome; rejects with a GearmanError when the client stops waiting. */
  readonly result: Promise<JobOutcome>;
  // `created` is made on first use: most callers await only `result`, and a promise per job showed in profiles.
  private createdPromise: Promise<string> | undefined;
  private firstHandle: string | undefined;
  private failure: Error | undefined;
  private resolveCreated: ((h: string) => void) | undefined;
  private rejectCreated: ((e: Error) => void) | undefined;
  private resolveResult!: (o: JobOutcome) => void;
  private rejectResult!: (e: Error) => void;
  private finished = false;
  private timer: NodeJS.Timeout | undefined;
  private acceptTimer: NodeJS.Timeout | undefined;
  private readonly onAbort: (() => void) | undefined;
  /** @internal Set by the session that sent the job: forgets its routing state when the job ends. */
  owner: JobOwner | undefined;
  /** @internal Set by the client for resubmitOnLoss jobs: sends the job again. */
  resend: (() => void) | undefined;

  constructor(
    readonly fn: string,
    readonly unique: string,
    readonly opts: Readonly<SubmitOptions>,
  ) {
    super();
    this.result = new Promise((res, rej) => {
      this.resolveResult = res;
      this.rejectResult = rej;
    });
    // Callers often await only `created` or only events; an unheard rejection must not crash the process.
    this.result.catch(ignore);
    if (opts.timeoutMs !== undefined) {
      this.timer = setTimeout(() => this.onTimeout(opts.timeoutMs ?? 0), opts.timeoutMs);
      this.timer.unref?.();
    }
    if (opts.acceptTimeoutMs !== undefined) {
      const ms = opts.acceptTimeoutMs;
      this.acceptTimer = setTimeout(
        () =>
          this.fail(
            new TimeoutError(
              `Job ${this.fn} was not accepted by gearmand within ${ms / 1000} s (no JOB_CREATED): the server is hung, overloaded, or not a gearmand. Nothing was queued that the client knows of.`,
              'ACCEPT_TIMEOUT',
            ),
          ),
        ms,
      );
      this.acceptTimer.unref?.();
    }
    if (opts.signal) {
      const onAbort = (this.onAbort = () => this.cancel('the abort signal fired'));
      if (opts.signal.aborted) queueMicrotask(onAbort);
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  /** Resolves with the handle when the server accepted the job. */
  get created(): Promise<string> {
    if (!this.createdPromise) {
      if (this.firstHandle !== undefined) this.createdPromise = Promise.resolve(this.firstHandle);
      else if (this.failure) this.createdPromise = Promise.reject(this.failure);
      else
        this.createdPromise = new Promise((res, rej) => {
          this.resolveCreated = res;
          this.rejectCreated = rej;
        });
      this.createdPromise.catch(ignore);
    }
    return this.createdPromise;
  }

  /** True when this is a background (fire and forget) job. */
  get background(): boolean {
    return !!this.opts.background || this.opts.epoch !== undefined;
  }

  /** True once the result is settled. */
  get done(): boolean {
    return this.finished;
  }

  /**
   * Stops waiting for the job: `result` rejects with AbortedError. This does not stop
   * the job: a running job cannot be killed through Gearman, it finishes on its worker.
   */
  cancel(reason = 'cancelled by the caller'): void {
    if (this.finished) return;
    const where = this.handle ? ` (handle ${this.handle} on ${this.server})` : '';
    this.fail(
      new AbortedError(
        `Stopped waiting for job ${this.fn}${where}: ${reason}. A job that already started keeps running on its worker.`,
        'ABORTED',
      ),
    );
  }

  /** @internal JOB_CREATED arrived. */
  accepted(handle: string, server: string): void {
    if (this.finished) return;
    this.handle = handle;
    this.server = server;
    if (this.acceptTimer) clearTimeout(this.acceptTimer);
    this.acceptTimer = undefined;
    if (this.firstHandle === undefined) {
      this.firstHandle = handle;
      this.resolveCreated?.(handle);
    }
    this.emit('created', handle);
    if (this.background) this.settle({ status: 'queued', handle, server });
  }

  /** @internal WORK_DATA / WORK_WARNING / WORK_STATUS arrived. */
  progress(kind: 'data' | 'warning', data: Buffer): void;
  progress(kind: 'status', update: JobStatusUpdate): void;
  progress(kind: 'data' | 'warning' | 'status', v: Buffer | JobStatusUpdate): void {
    if (this.finished) return;
    if (kind === 'status') this.emit('status', v as JobStatusUpdate);
    else this.emit(kind, v as Buffer);
  }

  /** @internal WORK_COMPLETE / WORK_FAIL / WORK_EXCEPTION arrived. */
  end(kind: 'complete' | 'fail' | 'exception', data: Buffer): void {
    if (this.finished) return;
    const handle = this.handle ?? '';
    const server = this.server ?? '';
    if (kind === 'complete') this.emit('complete', data);
    else if (kind === 'exception') this.emit('exception', data);
    else this.emit('fail');
    if (kind === 'fail') this.settle({ status: 'fail', handle, server });
    else this.settle({ status: kind, data, handle, server });
  }

  /** @internal The client stops waiting with this error. */
  fail(err: GearmanError): void {
    if (this.finished) return;
    this.finished = true;
    this.cleanup();
    if (this.firstHandle === undefined) {
      this.failure = err;
      this.rejectCreated?.(err);
    }
    this.rejectResult(err);
  }

  private settle(o: JobOutcome): void {
    this.finished = true;
    this.cleanup();
    this.resolveResult(o);
  }

  private cleanup(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.acceptTimer) clearTimeout(this.acceptTimer);
    if (this.onAbort) this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.owner?.forget(this);
  }

  private onTimeout(ms: number): void {
    const what = this.handle
      ? `Job ${this.fn} (handle ${this.handle}) got no result from gearmand at ${this.server} within ${ms} ms; it may still run there. Is a worker for ${this.fn} connected?`
      : `Job ${this.fn} was not accepted by any gearmand within ${ms} ms; check that the server answers`;
    this.fail(new TimeoutError(what, 'JOB_TIMEOUT'));
  }
}
