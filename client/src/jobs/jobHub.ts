// The client's side of jobs: job states folded from gearman/jobEvent notifications, the
// local workers the server runs, and the history. Views and panels subscribe here.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { JobHistory } from './history';
import { LastRuns } from './lastRuns';
import { applyJobEvent, newJobState, WATCH_SUFFIX, type JobRequest, type JobState } from './jobState';

/** Live job states and local workers. */
export class JobHub implements vscode.Disposable {
  private readonly jobs = new Map<string, JobState>();
  /** Events that arrived before their job was registered (a fast server can beat the request's answer). */
  private readonly early = new Map<string, protocol.JobEvent[]>();
  private readonly emitter = new vscode.EventEmitter<JobState>();
  /** Fires with the new state of a job after each of its events. */
  readonly onDidChangeJob = this.emitter.event;
  private readonly workersEmitter = new vscode.EventEmitter<void>();
  /** Fires when the list of local workers changes. */
  readonly onDidChangeWorkers = this.workersEmitter.event;
  localWorkers: protocol.LocalWorkerInfo[] = [];
  readonly history: JobHistory;
  /** The last submit of each function, for "Run last". */
  readonly lastRuns: LastRuns;
  private readonly subs: vscode.Disposable[] = [];

  constructor(readonly ctx: Ctx) {
    this.history = new JobHistory(ctx.extension.workspaceState);
    this.lastRuns = new LastRuns(ctx.extension.workspaceState);
    this.subs.push(this.emitter, this.workersEmitter, this.history);
    this.subs.push(ctx.client.onNotification(protocol.jobEvents, (b) => { for (const e of b.events) this.onEvent(e); }));
    this.subs.push(ctx.client.onNotification(protocol.localWorkersChanged, (p) => { this.localWorkers = p.workers; this.workersEmitter.fire(); }));
  }

  /** Registers a job about to be submitted. */
  track(jobId: string, request: JobRequest, target: string): JobState {
    let s = newJobState(jobId, request, target);
    for (const e of this.early.get(jobId) ?? []) s = applyJobEvent(s, e);
    this.early.delete(jobId);
    this.jobs.set(jobId, s);
    this.emitter.fire(s);
    return s;
  }

  /** Ends a job the server never heard of (the request was refused before any event), with the reason. */
  failLocally(jobId: string, message: string): void {
    const s = this.jobs.get(jobId);
    if (!s || (s.phase !== 'submitting' && s.phase !== 'waiting')) return;
    this.onEvent({ jobId, kind: 'error', at: Date.now(), message });
  }

  /** Shows a finished job again (from the history) under its id. */
  restore(s: JobState): void {
    this.jobs.set(s.jobId, s);
  }

  /** A job's current state. */
  get(jobId: string): JobState | undefined {
    return this.jobs.get(jobId);
  }

  /** Every job of this session, newest last. */
  all(): JobState[] {
    return [...this.jobs.values()];
  }

  /** Runs a `gearman.server.*` command on the language server. */
  execute<T>(command: string, arg: unknown): Promise<T> {
    return this.ctx.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] }) as Promise<T>;
  }

  /** Stops waiting for a job (or watching it). */
  async cancel(jobId: string): Promise<boolean> {
    const s = this.jobs.get(jobId);
    const id = s?.watch?.active ? jobId + WATCH_SUFFIX : jobId;
    return (await this.ctx.client.sendRequest(protocol.cancelJob, { jobId: id })).cancelled;
  }

  /** Starts polling a background job's status until the server forgets it. */
  async watch(jobId: string): Promise<void> {
    const s = this.jobs.get(jobId);
    if (!s?.handle && !s?.request.unique) throw new Error('This job has no handle yet, so it cannot be watched');
    const serverId = s.server ?? s.request.serverId ?? '';
    this.onEvent({ jobId: jobId + WATCH_SUFFIX, kind: 'watch', at: Date.now(), known: true, running: false });
    await this.execute('gearman.server.watchJob', { jobId: jobId + WATCH_SUFFIX, serverId, handle: s.handle, unique: s.request.unique || undefined });
  }

  private onEvent(e: protocol.JobEvent): void {
    const base = e.jobId.endsWith(WATCH_SUFFIX) ? e.jobId.slice(0, -WATCH_SUFFIX.length) : e.jobId;
    let s = this.jobs.get(base);
    // A job the server started itself (a job-file repeat) announces its request: show it too.
    if (!s && e.request) s = this.track(base, { ...e.request }, e.server ?? e.request.serverId ?? 'job file');
    if (!s) {
      const list = this.early.get(base) ?? [];
      if (list.length < 10_000) list.push(e);
      this.early.set(base, list);
      return;
    }
    const n = applyJobEvent(s, { ...e, jobId: e.jobId });
    this.jobs.set(base, n);
    this.emitter.fire(n);
  }

  dispose(): void {
    for (const d of this.subs.reverse()) d.dispose();
  }
}
