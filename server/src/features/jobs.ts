// Runs jobs for the editor: submits through the library's client, turns each job's events
// into JobEvent notifications, stops waiting on request, and watches background jobs.
import { GearmanClient } from '../gearman/client';
import { AbortedError } from '../gearman/errors';
import type { JobResult, JobEvent, SubmitJobParams, WatchJobParams } from '../protocol';
import type { ServerConfig } from '../registry/types';
import { resolveTarget } from './jobTargets';

/** Optional standard progress (LSP work-done progress) for one job. */
export interface ProgressSink {
  begin(title: string, percentage?: number, message?: string): void;
  report(percentage: number | undefined, message: string): void;
  done(): void;
}

const b64 = (b: Buffer) => b.toString('base64');
const preview = (b: Buffer) => {
  // eslint-disable-next-line no-control-regex -- control characters would garble a progress message
  const s = b.toString('utf8').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
};

/** Submits and watches jobs; one GearmanClient per job, closed when it ends. */
export class JobRunner {
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly configs: () => ServerConfig[],
    private readonly send: (e: JobEvent) => void,
    private readonly log: (level: 'info' | 'warn' | 'error', message: string) => void = () => {},
  ) {}

  /** Submits a job and resolves when it ends (foreground) or was queued (background). Rejects with a readable error. */
  async submit(p: SubmitJobParams, progress?: ProgressSink): Promise<JobResult> {
    if (this.waiting.has(p.jobId)) throw new Error(`A job with id ${p.jobId} is already running; choose a new job id`);
    const target = resolveTarget(p.serverId, this.configs());
    if (typeof target === 'string') {
      this.send({ jobId: p.jobId, kind: 'error', at: Date.now(), message: target });
      throw new Error(target);
    }
    const ev = (e: Omit<JobEvent, 'jobId' | 'at'>) => this.send({ jobId: p.jobId, at: Date.now(), ...e });
    const client = new GearmanClient(target.endpoints, { connectTimeoutMs: 5000 });
    client.on('failover', (f) => this.log('warn', `Job ${p.function}: ${f.from} failed (${f.error.message})${f.to ? `; trying ${f.to}` : ''}`));
    const controller = new AbortController();
    this.waiting.set(p.jobId, () => controller.abort());
    progress?.begin(`Gearman: ${p.function} on ${target.label}`, undefined, 'submitting…');
    ev({ kind: 'submitted', server: target.label });
    try {
      const job = client.submit(p.function, Buffer.from(p.payload, 'base64'), {
        priority: p.priority, background: p.background, unique: p.unique || undefined, epoch: p.epoch,
        timeoutMs: p.timeoutSec !== undefined ? p.timeoutSec * 1000 : undefined, signal: controller.signal,
      });
      job.on('created', (handle) => {
        ev({ kind: 'created', handle, server: job.server });
        progress?.report(undefined, `accepted as ${handle}`);
      });
      job.on('data', (d) => { ev({ kind: 'data', data: b64(d) }); progress?.report(undefined, `data: ${preview(d)}`); });
      job.on('warning', (d) => { ev({ kind: 'warning', data: b64(d) }); progress?.report(undefined, `warning: ${preview(d)}`); });
      job.on('status', (s) => {
        ev({ kind: 'status', numerator: s.numerator, denominator: s.denominator });
        const pct = s.denominator > 0 ? Math.max(0, Math.min(100, Math.round((s.numerator / s.denominator) * 100))) : undefined;
        progress?.report(pct, `${s.numerator}/${s.denominator}`);
      });
      const o = await job.result;
      const data = o.status === 'complete' || o.status === 'exception' ? b64(o.data) : undefined;
      ev({ kind: o.status, handle: o.handle, server: o.server, ...(data !== undefined ? { data } : {}) });
      return { jobId: p.jobId, status: o.status, handle: o.handle, server: o.server, ...(data !== undefined ? { data } : {}) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof AbortedError) {
        ev({ kind: 'cancelled', message });
        return { jobId: p.jobId, status: 'cancelled' };
      }
      ev({ kind: 'error', message });
      throw new Error(message);
    } finally {
      this.waiting.delete(p.jobId);
      client.close();
      progress?.done();
    }
  }

  /** Polls a job's status until the server no longer knows it; returns at once. */
  watch(p: WatchJobParams): void {
    if (this.waiting.has(p.jobId)) throw new Error(`Job ${p.jobId} is already being watched`);
    const target = resolveTarget(p.serverId, this.configs());
    if (typeof target === 'string') throw new Error(target);
    if (target.endpoints.length !== 1) throw new Error('A job handle belongs to one server: watch it on the server that took it, not on "all"');
    const client = new GearmanClient(target.endpoints[0], { connectTimeoutMs: 5000 });
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => { stopped = true; clearTimeout(timer); this.waiting.delete(p.jobId); client.close(); };
    this.waiting.set(p.jobId, () => {
      stop();
      this.send({ jobId: p.jobId, kind: 'cancelled', at: Date.now(), message: 'Stopped watching the job; it keeps its place on the server.' });
    });
    const poll = async () => {
      if (stopped) return;
      try {
        const s = p.unique ? await client.getStatusUnique(p.unique) : await client.getStatus(p.handle ?? '');
        if (stopped) return;
        this.send({ jobId: p.jobId, kind: 'watch', at: Date.now(), handle: p.handle, server: target.label, known: s.known, running: s.running, numerator: s.numerator, denominator: s.denominator });
        if (!s.known) {
          this.send({ jobId: p.jobId, kind: 'gone', at: Date.now(), handle: p.handle, server: target.label, message: `${target.label} no longer knows the job: it finished or was cancelled` });
          stop();
          return;
        }
      } catch (e) {
        if (stopped) return;
        this.send({ jobId: p.jobId, kind: 'error', at: Date.now(), message: `Cannot ask ${target.label} about the job: ${e instanceof Error ? e.message : String(e)}` });
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
