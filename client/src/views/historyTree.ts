// The "Job History" view: the last submissions of this workspace, newest first.
import * as vscode from 'vscode';
import type { JobHistory } from '../jobs/history';
import type { HistoryEntry } from '../jobs/historyEntries';
import { describeJob } from '../jobs/jobState';
import { entryToState } from '../jobs/historyEntries';
import { inert } from './labels';

/** TreeDataProvider of the Job History view. */
export class HistoryTree implements vscode.TreeDataProvider<HistoryEntry>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly history: JobHistory) {
    this.sub = history.onDidChange(() => this.emitter.fire(undefined));
  }

  getChildren(element?: HistoryEntry): HistoryEntry[] {
    return element ? [] : this.history.list();
  }

  getTreeItem(e: HistoryEntry): vscode.TreeItem {
    const label = `${inert(e.request.function)}${e.repeat > 1 ? ` ×${e.repeat}` : ''}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `history/${e.id}`;
    const when = new Date(e.at).toLocaleString();
    item.description = `${describeJob(entryToState(e))} · ${inert(e.server ?? e.target, 40)} · ${when}`;
    item.tooltip = `${label} on ${inert(e.server ?? e.target)}\n${when}\n${describeJob(entryToState(e))}${e.handle ? `\nhandle ${inert(e.handle)}` : ''}`;
    item.contextValue = 'gearmanHistoryEntry';
    const ok = e.phase === 'complete' || e.phase === 'queued';
    item.iconPath = new vscode.ThemeIcon(ok ? 'pass' : e.phase === 'cancelled' ? 'circle-slash' : 'error');
    item.command = { command: 'gearman.history.open', title: 'Show Result', arguments: [e] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
