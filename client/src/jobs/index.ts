// Starts the job side of the client (hub, Jobs and Job History views) and gives commands its hub.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { HistoryTree } from '../views/historyTree';
import { JobsTree } from '../views/jobsTree';
import { JobHub } from './jobHub';

/** The job hub of the extension (after startJobs). */
export function jobHub(ctx: Ctx): JobHub {
  if (!ctx.jobs) throw new Error('The Gearman extension has not finished starting; try again in a moment');
  return ctx.jobs;
}

/** Creates the hub and the job views; call once the language client exists. */
export function startJobs(ctx: Ctx): vscode.Disposable {
  const hub = new JobHub(ctx);
  ctx.jobs = hub;
  const jobs = new JobsTree(hub);
  const history = new HistoryTree(hub.history);
  return vscode.Disposable.from(
    hub,
    jobs,
    history,
    vscode.window.createTreeView('gearman.jobs', { treeDataProvider: jobs }),
    vscode.window.createTreeView('gearman.history', { treeDataProvider: history }),
  );
}
