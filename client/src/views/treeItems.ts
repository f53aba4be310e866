// TreeItems of the Servers view, built from plain row data (labels.ts does the text).
import * as vscode from 'vscode';
import type { FunctionInfo, JobEntry, ServerSnapshot, WorkerInfo } from '../../../server/src/protocol';
import * as L from './labels';

/** Icon colour of rows whose server is not up: what they show is from when it was last seen. */
const STALE = new vscode.ThemeColor('disabledForeground');

/** A server row. */
export function serverItem(s: ServerSnapshot, usingDefault: boolean): vscode.TreeItem {
  // Always expandable (see ServersTree.getChildren): its first state sticks, and later the user's choice is kept.
  const item = new vscode.TreeItem(L.inert(s.name), vscode.TreeItemCollapsibleState.Expanded);
  item.id = s.id;
  item.description =
    s.health === 'down' && s.error
      ? `down: ${L.inert(s.error, 80)}`
      : s.health === 'blocked'
        ? 'not connected: workspace not trusted'
        : L.serverDescription(s);
  item.tooltip = L.serverTooltip(s, usingDefault);
  item.contextValue = L.serverContextValue(s);
  item.iconPath =
    s.health === 'up'
      ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
      : s.health === 'down'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
        : s.health === 'blocked'
          ? new vscode.ThemeIcon('workspace-untrusted')
          : new vscode.ThemeIcon('loading~spin');
  return item;
}

/** The Functions or Workers row of a server: how many rows (of how many), and "stale since" when the server is not up. */
export function groupItem(
  s: ServerSnapshot,
  group: 'functions' | 'workers',
  shown: number,
  filtered: boolean,
): vscode.TreeItem {
  const total = (group === 'functions' ? s.functions.length : s.workers.length) + L.omittedRows(s, group);
  const item = new vscode.TreeItem(
    group === 'functions' ? 'Functions' : 'Workers',
    vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `${s.id}/${group}`;
  const stale = L.staleLabel(s);
  item.description = [L.groupDescription(shown, total, filtered), stale].filter(Boolean).join(' · ');
  if (stale)
    item.tooltip = `${L.inert(s.name)} is ${s.health}: these rows are what it said when it was last seen${s.lastSeen ? ` at ${new Date(s.lastSeen).toLocaleTimeString()}` : ''}.`;
  item.contextValue = group;
  item.iconPath = new vscode.ThemeIcon(
    group === 'functions' ? 'symbol-function' : 'server-process',
    stale ? STALE : undefined,
  );
  return item;
}

/** A function row; collapsible when the server can list its jobs and it has some. */
export function functionItem(s: ServerSnapshot, f: FunctionInfo): vscode.TreeItem {
  const hasJobs = L.listsJobs(s, f);
  const item = new vscode.TreeItem(
    L.inert(f.name),
    hasJobs ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `${s.id}/f/${f.name}`;
  item.description = L.functionDescription(f);
  item.tooltip = L.functionTooltip(f, s) + (hasJobs ? '\nExpand to list its jobs.' : '');
  item.contextValue = L.functionContextValue(s, f);
  item.iconPath = L.isStale(s)
    ? new vscode.ThemeIcon('symbol-method', STALE)
    : L.isStarved(f)
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon('symbol-method');
  return item;
}

/** A job row under a function. */
export function jobItem(s: ServerSnapshot, fn: string, j: JobEntry, id: string, matching?: string): vscode.TreeItem {
  const item = new vscode.TreeItem(L.jobLabel(j), vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = L.jobDescription(j, fn);
  item.tooltip = L.jobTooltip(j, s, matching);
  item.contextValue = L.jobContextValue(s, j);
  item.iconPath =
    j.state === 'running'
      ? new vscode.ThemeIcon('sync~spin')
      : j.state === 'cancelled'
        ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'))
        : new vscode.ThemeIcon('clock');
  return item;
}

/** A worker connection row. */
export function workerItem(s: ServerSnapshot, w: WorkerInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(L.workerLabel(w), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${s.id}/w/${w.fd}`;
  item.description = L.workerDescription(w);
  item.tooltip = L.workerTooltip(w, s);
  item.contextValue = 'worker';
  item.iconPath = new vscode.ThemeIcon('vm', L.isStale(s) ? STALE : undefined);
  return item;
}

/** A line of text in the tree (errors, "n more"). */
export function messageItem(id: string, text: string, tooltip?: string): vscode.TreeItem {
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.tooltip = tooltip ?? text;
  item.contextValue = 'message';
  item.iconPath = new vscode.ThemeIcon('info');
  return item;
}

/** The "N more functions — Filter…" row: clicking it asks for a filter (functions only). */
export function moreItem(s: ServerSnapshot, group: 'functions' | 'workers', filtering: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(L.moreLabel(s, group), vscode.TreeItemCollapsibleState.None);
  item.id = `${s.id}/${group}/more`;
  item.tooltip = L.moreTooltip(s, group, filtering);
  item.contextValue = `more.${group}`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  if (group === 'functions') {
    item.description = 'Filter…';
    item.command = { command: 'gearman.filterFunctions', title: 'Filter Functions…' };
  }
  return item;
}
