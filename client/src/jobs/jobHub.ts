// The client's side of jobs: job states folded from gearman/jobEvents notifications, the
// local workers the server runs, and the history. Views and panels subscribe here. What is
// kept is bounded: per job by the chunk logs (jobState.ts), and in number of jobs (MAX_JOBS).
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { JobHistory } from './history';
import { LastRuns } from './lastRuns';
import { applyJobEvent, isFinished, newJobState, WATCH_SUFFIX, type JobRequest, type JobState } from './jobState';

/** Jobs of this session kept; the oldest finished ones are forgotten first. */
export const MAX_JOBS = 200;
/** Jobs with events but not yet registered that are kept waiting for their registration. */
const MAX_EARLY = 100;
/** The request of a job known only from its events, until it is registered. */
const UNKNOWN_REQUEST: JobRequest = { function: '(not registered yet)', payloadSize: 0 };

/** Live job states and local workers. */
export class JobHub implements vscode.Disposable {
  private readonly jobs = new Map<string, JobState>();
  /** Jobs whose events arrived before they were registered, folded already (bounded like any job). */
  private readonly early = new Map<string, JobState>();
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
    this.subs.push(
      ctx.client.onNotification(protocol.jobEvents, (b) => {
        for (const e of b.events) this.onEvent(e);
      }),
    );
    this.subs.push(
      ctx.client.onNotification(protocol.localWorkersChanged, (p) => {
        this.localWorkers = p.workers;
        this.workersEmitter.fire();
      }),
    );
  }

  /** Registers a job about to be submitted. */
  track(jobId: string, request: JobRequest, target: string): JobState {
    const s = this.early.get(jobId) ?? newJobState(jobId, request, target);
    this.early.delete(jobId);
    // Early events that named the request or server (a `submitted` event) win, as they would have folded after this.
    if (s.request === UNKNOWN_REQUEST) s.request = request;
    if (s.target === UNKNOWN_REQUEST.function) s.target = target;
    this.jobs.set(jobId, s);
    this.forgetOld();
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
    this.forgetOld();
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
    await this.execute('gearman.server.watchJob', {
      jobId: jobId + WATCH_SUFFIX,
      serverId,
      handle: s.handle,
      unique: s.request.unique || undefined,
    });
  }

  private onEvent(e: protocol.JobEvent): void {
    const base = e.jobId.endsWith(WATCH_SUFFIX) ? e.jobId.slice(0, -WATCH_SUFFIX.length) : e.jobId;
    let s = this.jobs.get(base);
    // A job the server started itself (a job-file repeat) announces its request: show it too.
    if (!s && e.request) s = this.track(base, { ...e.request }, e.server ?? e.request.serverId ?? 'job file');
    if (!s) {
      let waiting = this.early.get(base);
      if (!waiting) {
        waiting = newJobState(base, UNKNOWN_REQUEST, UNKNOWN_REQUEST.function);
        this.early.set(base, waiting);
        if (this.early.size > MAX_EARLY) this.early.delete(this.early.keys().next().value as string);
      }
      applyJobEvent(waiting, e);
      return;
    }
    applyJobEvent(s, e);
    this.emitter.fire(s);
  }

  /** Forgets the oldest finished jobs beyond MAX_JOBS (their history entries stay). */
  private forgetOld(): void {
    if (this.jobs.size <= MAX_JOBS) return;
    for (const [id, s] of this.jobs) {
      if (this.jobs.size <= MAX_JOBS) return;
      if (isFinished(s) && !s.watch?.active) this.jobs.delete(id);
    }
  }

  dispose(): void {
    for (const d of this.subs.reverse()) d.dispose();
  }
}
