// The "Jobs" view: jobs of this session that run or are watched, and local workers.
import * as vscode from 'vscode';
import type { LocalWorkerInfo } from '../../../server/src/protocol';
import type { JobHub } from '../jobs/jobHub';
import { groupByHandle } from '../jobs/coalesce';
import { describeJob, GONE_NOTE, type JobState } from '../jobs/jobState';
import { inert } from './labels';

/** A row of the Jobs view. */
export type JobsNode = { kind: 'job'; state: JobState; submits: number } | { kind: 'worker'; info: LocalWorkerInfo };

/** Whether a job belongs in the view: running, queued in the background, or watched. */
function shown(s: JobState): boolean {
  return s.phase === 'submitting' || s.phase === 'waiting' || s.phase === 'queued' || !!s.watch?.active;
}

/** TreeDataProvider of the Jobs view. */
export class JobsTree implements vscode.TreeDataProvider<JobsNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly hub: JobHub) {
    this.subs = [
      hub.onDidChangeJob(() => this.emitter.fire(undefined)),
      hub.onDidChangeWorkers(() => this.emitter.fire(undefined)),
    ];
  }

  getChildren(element?: JobsNode): JobsNode[] {
    if (element) return [];
    // One row per server job: submits gearmand coalesced (one unique id) share a handle.
    const jobs: JobsNode[] = groupByHandle(this.hub.all().filter(shown))
      .reverse()
      .map((g) => ({ kind: 'job', state: g.lead, submits: g.members.length }));
    const workers: JobsNode[] = this.hub.localWorkers.map((info) => ({ kind: 'worker', info }));
    return [...workers, ...jobs];
  }

  getTreeItem(n: JobsNode): vscode.TreeItem {
    if (n.kind === 'worker') {
      const w = n.info;
      const item = new vscode.TreeItem(inert(w.function), vscode.TreeItemCollapsibleState.None);
      item.id = `local/${w.id}`;
      item.description = `local worker on ${w.serverId} · ${inert(w.mode, 40)} · ${w.jobs} ${w.jobs === 1 ? 'job' : 'jobs'}${w.connected ? '' : ' · disconnected'}`;
      item.tooltip = `Served by this editor (${inert(w.mode, 200)}); stops when the window closes.${w.lastError ? `\nLast error: ${inert(w.lastError, 300)}` : ''}`;
      item.contextValue = 'gearmanLocalWorker';
      item.iconPath = new vscode.ThemeIcon(w.connected ? 'server-process' : 'debug-disconnect');
      return item;
    }
    const s = n.state;
    const item = new vscode.TreeItem(inert(s.request.function), vscode.TreeItemCollapsibleState.None);
    item.id = `job/${s.jobId}`;
    const many = n.submits > 1 ? ` · ${n.submits} submits, one job` : '';
    item.description = `${describeJob(s)}${many} · ${inert(s.server ?? s.target, 60)}`;
    const why = [
      n.submits > 1 ? `gearmand coalesced ${n.submits} submits with one unique id into this job.` : '',
      s.watch && !s.watch.known ? GONE_NOTE : '',
    ]
      .filter(Boolean)
      .join('\n');
    item.tooltip = `${inert(s.request.function)} on ${inert(s.server ?? s.target)}\n${s.handle ? `handle ${inert(s.handle)}\n` : ''}${describeJob(s)}${why ? `\n${why}` : ''}`;
    item.contextValue = s.watch?.active
      ? 'gearmanJob.watching'
      : s.phase === 'queued'
        ? 'gearmanJob.queued'
        : 'gearmanJob.running';
    item.iconPath = new vscode.ThemeIcon(s.watch?.active ? 'eye' : s.phase === 'queued' ? 'inbox' : 'loading~spin');
    item.command = { command: 'gearman.showJobResult', title: 'Show Result', arguments: [s.jobId] };
    return item;
  }

  dispose(): void {
    for (const d of this.subs) d.dispose();
    this.emitter.dispose();
  }
}
