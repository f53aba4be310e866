// Job events leave the server in batches: one `gearman/jobEvents` notification at most every
// FLUSH_MS, whatever a worker or server sends. Within a batch, a job's WORK_DATA (and warning)
// chunks share one event that shows the newest MAX_CHUNKS chunks, each cut to CHUNK_PREVIEW
// bytes, and counts the others (and their bytes); WORK_STATUS keeps only the latest. The
// previews of one batch, over all jobs, stay under MAX_BATCH_BYTES, so many jobs flooding at
// once cost the editor no more than one. Everything a job sent is kept in JobOutputs for
// "save all", so what the editor is not shown is summarised, not lost.
import type { JobEvent } from '../../protocol';

/** Least time between two notifications. */
export const FLUSH_MS = 100;
/** Chunks of one kind shown per job per batch. */
export const MAX_CHUNKS = 32;
/** Bytes of each chunk shown. */
export const CHUNK_PREVIEW = 16 * 1024;
/** Preview bytes of one batch, over every job: beyond it, the oldest chunks of the growing event are counted instead. */
export const MAX_BATCH_BYTES = 1024 * 1024;

/** Collects job events and sends them in bounded batches. */
export class JobOutbox {
  private pending: JobEvent[] = [];
  private chunkEvents = new Map<string, JobEvent>();
  private statusEvents = new Map<string, JobEvent>();
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  /** Preview bytes queued in chunk events now. */
  private batchBytes = 0;
  private readonly flushed = new Set<() => void>();
  /** Notifications sent so far (for tests and benchmarks). */
  sent = 0;

  constructor(private readonly send: (events: JobEvent[]) => void) {}

  /** Queues an event; WORK_STATUS replaces the job's status event still waiting. */
  event(e: JobEvent): void {
    if (e.kind === 'status') {
      const waiting = this.statusEvents.get(e.jobId);
      if (waiting) {
        // The latest values, at the place (and time) of the first: events stay in time order.
        waiting.numerator = e.numerator;
        waiting.denominator = e.denominator;
        return;
      }
      this.statusEvents.set(e.jobId, e);
    }
    // An event after a job's chunks closes them: later chunks start a new event, so order holds.
    this.chunkEvents.delete(`${e.jobId}\u0000data`);
    this.chunkEvents.delete(`${e.jobId}\u0000warning`);
    this.pending.push(e);
    this.schedule();
  }

  /** Queues one WORK_DATA or WORK_WARNING chunk of a job. */
  chunk(jobId: string, kind: 'data' | 'warning', bytes: Buffer, at = Date.now()): void {
    const key = `${jobId}\u0000${kind}`;
    let e = this.chunkEvents.get(key);
    if (!e) {
      e = { jobId, kind, at, chunks: [], skipped: 0, skippedBytes: 0 };
      this.chunkEvents.set(key, e);
      this.pending.push(e);
    }
    const chunks = e.chunks!;
    const shown = bytes.subarray(0, CHUNK_PREVIEW);
    chunks.push({ data: shown.toString('base64'), size: bytes.length });
    this.batchBytes += shown.length;
    while (chunks.length > MAX_CHUNKS || (this.batchBytes > MAX_BATCH_BYTES && chunks.length > 0)) {
      const gone = chunks.shift()!;
      this.batchBytes -= Math.min(gone.size, CHUNK_PREVIEW);
      e.skipped = (e.skipped ?? 0) + 1;
      e.skippedBytes = (e.skippedBytes ?? 0) + gone.size;
    }
    this.schedule();
  }

  /** Resolves once what is queued now has been sent (a job's response then follows all its events). */
  drained(): Promise<void> {
    if (!this.pending.length) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.afterFlush(() => {
        stop();
        resolve();
      });
    });
  }

  /** Runs `listener` after every batch (progress reports follow the same pace). */
  afterFlush(listener: () => void): () => void {
    this.flushed.add(listener);
    return () => this.flushed.delete(listener);
  }

  /** Sends what is queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = Date.now();
    const events = this.pending;
    this.pending = [];
    this.chunkEvents.clear();
    this.statusEvents.clear();
    this.batchBytes = 0;
    if (events.length) {
      this.sent++;
      this.send(events);
    }
    for (const l of [...this.flushed]) l();
  }

  /** Stops the timer (queued events are sent first). */
  dispose(): void {
    this.flush();
    this.flushed.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + FLUSH_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }
}
