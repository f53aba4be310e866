// Runs jobs for the editor: resolves the target through the server resolver, submits through
// the library's client, and turns each job's events into bounded, batched JobEvents (see
// outbox.ts); what a job sends is kept on disk for "save all" (output.ts). Stops waiting on
// request, and watches background jobs.
import { GearmanClient, AbortedError, GearmanError } from '../../gearman';
import { readBounded } from '../../files/readBounded';
import type { JobEvent, JobRequestInfo, JobResult, SubmitJobParams, WatchJobParams } from '../../protocol';
import type { ResolvedTarget, ResolveOptions } from '../../registry/resolver';
import type { Limits } from '../../settings';
import type { JobOutbox } from './outbox';
import type { JobOutputs } from './output';
import { inert } from '../../text/inert';

/** Optional standard progress (LSP work-done progress) for one job. */
export interface ProgressSink {
  begin(title: string, percentage?: number, message?: string): void;
  report(percentage: number | undefined, message: string): void;
  done(): void;
}

/** What the runner needs from the server around it. */
export interface RunnerDeps {
  resolve(spec: string | undefined, opts: ResolveOptions): Promise<ResolvedTarget>;
  limits(): Limits;
  outbox: JobOutbox;
  outputs: JobOutputs;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** Where a submit comes from, when the server started it (a job file): for questions and for the client's list. */
export interface SubmitOrigin {
  /** Names the source in questions about unconfigured addresses ("the job file jobs/a.gearman"). */
  adHoc?: string;
  /** Sent with the `submitted` event so the editor can show a job it did not start itself. */
  request?: JobRequestInfo;
}

/** Result bytes shown in the editor; the rest is saved on request. */
export const RESULT_PREVIEW = 1024 * 1024;

const b64 = (b: Buffer) => b.toString('base64');
// A progress message shows the start of the latest data on one line, inert like every outside text.
const preview = (b: Buffer) => inert(b.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim(), 60);

/** Submits and watches jobs; one GearmanClient per job, closed when it ends. */
export class JobRunner {
  private readonly waiting = new Map<string, () => void>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Submits a job and resolves when it ends (foreground) or was queued (background). Rejects with a readable error. */
  async submit(p: SubmitJobParams, progress?: ProgressSink, origin: SubmitOrigin = {}): Promise<JobResult> {
    if (this.waiting.has(p.jobId)) throw new Error(`A job with id ${p.jobId} is already running; choose a new job id`);
    const { outbox, outputs } = this.deps;
    const ev = (e: Omit<JobEvent, 'jobId' | 'at'>) => outbox.event({ jobId: p.jobId, at: Date.now(), ...e });
    let target: ResolvedTarget;
    try {
      target = await this.deps.resolve(p.serverId, {
        purpose: 'job',
        allowAll: true,
        adHoc: { origin: origin.adHoc ?? 'A submit request from the editor' },
      });
    } catch (e) {
      ev({ kind: 'error', message: (e as Error).message, ...(origin.request ? { request: origin.request } : {}) });
      await outbox.drained();
      throw e;
    }
    const limits = this.deps.limits();
    let payload: Buffer;
    try {
      payload =
        p.payloadFile !== undefined
          ? await readBounded(p.payloadFile, limits.maxPayloadFileBytes, 'the payload file')
          : Buffer.from(p.payload, 'base64');
    } catch (e) {
      ev({ kind: 'error', message: (e as Error).message });
      await outbox.drained();
      throw e;
    }
    const client = new GearmanClient(
      target.servers.map((s) => s.endpoint),
      { connectTimeoutMs: 5000, maxPacketSize: limits.maxPacketBytes },
    );
    client.on('failover', (f) =>
      this.deps.log(
        'warn',
        `Job ${p.function}: ${f.from} failed (${f.error.message})${f.to ? `; trying ${f.to}` : ''}`,
      ),
    );
    const controller = new AbortController();
    this.waiting.set(p.jobId, () => controller.abort());
    progress?.begin(`Gearman: ${p.function} on ${target.label}`, undefined, 'submitting…');
    // What the next progress report says, worked out only when it is sent (a flood must not build a message per packet).
    let latest: (() => { pct?: number; message: string }) | undefined;
    const stopReports = progress
      ? outbox.afterFlush(() => {
          const l = latest?.();
          if (l) progress.report(l.pct, l.message);
          latest = undefined;
        })
      : () => undefined;
    ev({ kind: 'submitted', server: target.label, ...(origin.request ? { request: origin.request } : {}) });
    const timeoutMs = p.timeoutSec !== undefined ? p.timeoutSec * 1000 : limits.jobTimeoutMs;
    try {
      const job = client.submit(p.function, payload, {
        priority: p.priority,
        background: p.background,
        unique: p.unique || undefined,
        epoch: p.epoch,
        timeoutMs: timeoutMs > 0 ? timeoutMs : undefined,
        acceptTimeoutMs: limits.acceptTimeoutMs,
        signal: controller.signal,
      });
      job.on('created', (handle) => {
        ev({ kind: 'created', handle, server: job.server });
        latest = () => ({ message: `accepted as ${handle}` });
      });
      job.on('data', (d) => {
        outputs.append(p.jobId, 'data', d);
        outbox.chunk(p.jobId, 'data', d);
        latest = () => ({ message: `data: ${preview(d)}` });
      });
      job.on('warning', (d) => {
        outputs.append(p.jobId, 'warnings', d);
        outbox.chunk(p.jobId, 'warning', d);
        latest = () => ({ message: `warning: ${preview(d)}` });
      });
      job.on('status', (s) => {
        ev({ kind: 'status', numerator: s.numerator, denominator: s.denominator });
        const pct =
          s.denominator > 0 ? Math.max(0, Math.min(100, Math.round((s.numerator / s.denominator) * 100))) : undefined;
        latest = () => ({ pct, message: `${s.numerator}/${s.denominator}` });
      });
      const o = await job.result;
      const data = o.status === 'complete' || o.status === 'exception' ? o.data : undefined;
      if (data) outputs.append(p.jobId, 'result', data);
      ev({
        kind: o.status,
        handle: o.handle,
        server: o.server,
        ...(data ? { data: b64(data.subarray(0, RESULT_PREVIEW)), size: data.length } : {}),
      });
      return {
        jobId: p.jobId,
        status: o.status,
        handle: o.handle,
        server: o.server,
        ...(data ? { size: data.length } : {}),
      };
    } catch (e) {
      const message = describe(e);
      if (e instanceof AbortedError) {
        ev({ kind: 'cancelled', message });
        return { jobId: p.jobId, status: 'cancelled' };
      }
      ev({ kind: 'error', message });
      throw new Error(message);
    } finally {
      this.waiting.delete(p.jobId);
      client.close();
      // Every event of the job reaches the editor before its answer does.
      await outbox.drained();
      stopReports();
      progress?.done();
    }
  }

  /** Polls a job's status until the server no longer knows it; rejects when the server may not be asked. */
  async watch(p: WatchJobParams): Promise<void> {
    if (this.waiting.has(p.jobId)) throw new Error(`Job ${p.jobId} is already being watched`);
    const target = await this.deps.resolve(p.serverId, { purpose: 'job', adHoc: { origin: 'The job being watched' } });
    const [server] = target.servers;
    const send = (e: Omit<JobEvent, 'jobId' | 'at'>) =>
      this.deps.outbox.event({ jobId: p.jobId, at: Date.now(), ...e });
    const client = new GearmanClient(server.endpoint, { connectTimeoutMs: 5000 });
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      this.waiting.delete(p.jobId);
      client.close();
    };
    this.waiting.set(p.jobId, () => {
      stop();
      send({ kind: 'cancelled', message: 'Stopped watching the job; it keeps its place on the server.' });
    });
    const poll = async () => {
      if (stopped) return;
      try {
        const s = p.unique ? await client.getStatusUnique(p.unique) : await client.getStatus(p.handle ?? '');
        if (stopped) return;
        send({
          kind: 'watch',
          handle: p.handle,
          server: target.label,
          known: s.known,
          running: s.running,
          numerator: s.numerator,
          denominator: s.denominator,
        });
        if (!s.known) {
          send({
            kind: 'gone',
            handle: p.handle,
            server: target.label,
            message: `${target.label} no longer knows the job: it finished or was cancelled`,
          });
          stop();
          return;
        }
      } catch (e) {
        if (stopped) return;
        send({ kind: 'error', message: `Cannot ask ${target.label} about the job: ${describe(e)}` });
        stop();
        return;
      }
      timer = setTimeout(() => void poll(), p.intervalMs ?? 1000);
    };
    void poll();
  }

  /** Stops waiting for (or watching) a job; false when no such job runs. */
  cancel(jobId: string): boolean {
    const c = this.waiting.get(jobId);
    if (!c) return false;
    c();
    return true;
  }

  /** Stops waiting for every job. */
  dispose(): void {
    for (const c of [...this.waiting.values()]) c();
  }
}

/** An error's message, with the setting to change when a limit of ours ended the job. */
function describe(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof GearmanError && e.code === 'TOO_LARGE')
    return `${message}. Raise gearman.jobs.maxPacketMiB to accept it.`;
  if (e instanceof GearmanError && e.code === 'ACCEPT_TIMEOUT')
    return `${message} If the server is only slow, raise gearman.jobs.acceptTimeout.`;
  return message;
}
