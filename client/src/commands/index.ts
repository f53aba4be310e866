// Every command of the extension, as a map of id → factory taking the Ctx.
import * as vscode from 'vscode';
import * as protocol from '../../../server/src/protocol';
import { addServer, editServer, removeServer } from './servers';
import { adminCommands } from './admin';
import { clearFilter, filterFunctions, setHideIdle, setProblemsFirst } from './filter';
import { findUsages } from './usages';
import { addKnownFunction } from './knownFunctions';
import { loadTest, loadTestHistory } from './loadTest';
import { openDashboard, showWatchAlerts, watchFunction } from './queues';

import { runLast, submitJob, submitJobBlock } from './submitJob';
import * as jobs from './jobCommands';
import { jobHub } from '../jobs';
import type { HistoryEntry } from '../jobs/historyEntries';

import type { Factory } from './register';

/** Command id → factory. */
export const commandFactories: Record<string, Factory> = {
  'gearman.refresh': (ctx) => () => ctx.client.sendRequest(protocol.refreshRegistry, {}),
  'gearman.focus': () => () => vscode.commands.executeCommand('gearman.servers.focus'),
  'gearman.openSettings': () => () => vscode.commands.executeCommand('workbench.action.openSettings', 'gearman.'),
  'gearman.addServer': (ctx) => () => addServer(ctx),
  'gearman.editServer': (ctx) => (n, sel) => editServer(ctx, n, sel),
  'gearman.removeServer': (ctx) => (n, sel) => removeServer(ctx, n, sel),
  ...adminCommands,
  'gearman.filterFunctions': (ctx) => () => filterFunctions(ctx),
  'gearman.clearFilter': (ctx) => () => clearFilter(ctx),
  'gearman.hideIdleFunctions': (ctx) => () => setHideIdle(ctx, true),
  'gearman.showIdleFunctions': (ctx) => () => setHideIdle(ctx, false),
  'gearman.sortProblemsFirst': (ctx) => () => setProblemsFirst(ctx, true),
  'gearman.sortByName': (ctx) => () => setProblemsFirst(ctx, false),
  'gearman.findUsages': (ctx) => (n, sel) => findUsages(ctx, n, sel),
  'gearman.submitJob': (ctx) => (arg) => submitJob(ctx, arg),
  'gearman.runLast': (ctx) => () => runLast(ctx),
  'gearman.submitJobBlock': (ctx) => (arg) => submitJobBlock(ctx, arg),
  'gearman.showJobResult': (ctx) => (arg) => jobs.showJobResult(ctx, arg),
  'gearman.watchJob': (ctx) => (arg) => jobs.watchJob(ctx, arg),
  'gearman.stopWaiting': (ctx) => (arg) => jobs.stopWaiting(ctx, arg),
  'gearman.serveLocally': (ctx) => (arg) => jobs.serveLocally(ctx, arg),
  'gearman.stopLocalWorker': (ctx) => (arg) => jobs.stopLocalWorker(ctx, arg),
  'gearman.showHistory': (ctx) => () => jobs.showHistory(ctx),
  'gearman.history.open': (ctx) => (e) => jobs.openHistoryEntry(ctx, e as HistoryEntry),
  'gearman.history.rerun': (ctx) => (e) => jobs.rerunHistoryEntry(ctx, e as HistoryEntry | undefined),
  'gearman.history.openAsBlock': (ctx) => (e) => jobs.historyAsBlock(ctx, e as HistoryEntry | undefined),
  'gearman.history.clear': (ctx) => () => jobHub(ctx).history.clear(),
  'gearman.addKnownFunction': () => (name) => addKnownFunction(name),
  'gearman.loadTest': (ctx) => (arg) => loadTest(ctx, arg),
  'gearman.loadTestHistory': (ctx) => () => loadTestHistory(ctx),
  'gearman.openDashboard': (ctx) => (arg) => openDashboard(ctx, arg),
  'gearman.watchFunction': (ctx) => (arg) => watchFunction(ctx, arg),
  'gearman.showWatchAlerts': (ctx) => () => showWatchAlerts(ctx),
};
