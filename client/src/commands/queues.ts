// Server dashboards, the queue sparkline in function tooltips, and watches: "Watch Function"
// adds to gearman.watches; the language server decides when a watch fires and says so once
// per episode, shown here as a warning and a status-bar item until the function recovers.
import * as vscode from 'vscode';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { DashboardPanel } from '../panels/dashboardPanel';
import { inert } from '../views/labels';
import { queueTooltipLines } from '../views/sparkline';
import { askText, choose } from './ask';

const TOOLTIP_RANGE_MIN = 15;

/** Wires the sparkline tooltip and the watch alerts; call once the language client runs. */
export function startQueues(ctx: Ctx): vscode.Disposable {
  ctx.servers.tree.functionTooltipExtra = async (serverId, fn) =>
    queueTooltipLines(
      await ctx.client.sendRequest(protocol.queueHistory, { serverId, function: fn, rangeSec: TOOLTIP_RANGE_MIN * 60 }),
      TOOLTIP_RANGE_MIN,
    );
  const item = vscode.window.createStatusBarItem('gearman.watches', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Gearman watches';
  item.command = 'gearman.showWatchAlerts';
  item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  const open = new Map<string, protocol.WatchAlert>();
  const show = () => {
    item.text = `$(warning) Gearman: ${open.size} ${open.size === 1 ? 'watch' : 'watches'}`;
    item.tooltip = [...open.values()].map((a) => inert(a.message, 300)).join('\n');
    if (open.size) item.show();
    else item.hide();
  };
  const sub = ctx.client.onNotification(protocol.watchAlert, ({ alert, active }) => {
    if (active) {
      open.set(alert.key, alert);
      void vscode.window.showWarningMessage(`Gearman: ${inert(alert.message, 500)}`, 'Open Dashboard').then((pick) => {
        const s = ctx.store.get(alert.serverId);
        if (pick && s) DashboardPanel.show(ctx, s);
      });
    } else open.delete(alert.key);
    show();
  });
  void ctx.client.sendRequest(protocol.activeWatchAlerts).then(
    (list) => {
      for (const a of list) open.set(a.key, a);
      show();
    },
    () => undefined,
  );
  ctx.alerts = () => [...open.values()];
  return vscode.Disposable.from(item, sub);
}

function rowServer(arg: unknown): protocol.ServerSnapshot | undefined {
  const a = arg as
    { kind?: string; snapshot?: protocol.ServerSnapshot; server?: { snapshot?: protocol.ServerSnapshot } } | undefined;
  return a?.kind === 'server' ? a.snapshot : a?.server?.snapshot;
}

/** "Open Server Dashboard": a server row, or a server picked from the list. */
export async function openDashboard(ctx: Ctx, arg?: unknown): Promise<void> {
  let s = rowServer(arg);
  if (!s) {
    const list = ctx.store.list();
    if (list.length <= 1) s = list[0];
    else
      s = (
        await choose(
          list.map((x) => ({ label: inert(x.name), description: `${x.id} · ${x.health}`, x })),
          { title: 'Open the dashboard of' },
        )
      )?.x;
  }
  if (!s) {
    if (!ctx.store.list().length)
      void vscode.window.showErrorMessage('Gearman: no server is configured. Add one with "Gearman: Add Server".');
    return;
  }
  DashboardPanel.show(ctx, s);
}

/** "Watch Function": asks the thresholds and adds the watch to gearman.watches. */
export async function watchFunction(ctx: Ctx, arg?: unknown): Promise<void> {
  const a = arg as { kind?: string; info?: { name?: string } } | undefined;
  const server = rowServer(arg);
  const fn =
    a?.kind === 'function' && typeof a.info?.name === 'string'
      ? a.info.name
      : await askText({ title: 'Watch function', prompt: 'The function name to watch' });
  if (!fn) return;
  const ask = async (title: string, prompt: string, value: string) => {
    const v = await askText({
      title: `Watch ${fn}: ${title}`,
      prompt,
      value,
      validateInput: (x) =>
        x.trim() === '' || (Number.isFinite(Number(x)) && Number(x) >= 0) ? undefined : 'A number from 0, or nothing',
    });
    return v === undefined ? null : v.trim() === '' ? undefined : Number(v);
  };
  const queueAbove = await ask('queue', 'Warn when more jobs than this are queued (empty: no queue threshold)', '100');
  if (queueAbove === null) return;
  const latencyAboveSec = await ask(
    'latency',
    'Warn when the oldest queued job has waited longer than this many seconds (empty: none)',
    '60',
  );
  if (latencyAboveSec === null) return;
  const noWorkerForSec = await ask(
    'no worker',
    'Warn when the function has had no worker for this many seconds (empty: none)',
    '30',
  );
  if (noWorkerForSec === null) return;
  if (queueAbove === undefined && latencyAboveSec === undefined && noWorkerForSec === undefined) return;
  const watch = { function: fn, ...(server ? { server: server.id } : {}), queueAbove, latencyAboveSec, noWorkerForSec };
  const config = vscode.workspace.getConfiguration('gearman');
  const toWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const inspect = config.inspect<unknown[]>('watches');
  const current = (toWorkspace ? inspect?.workspaceValue : inspect?.globalValue) ?? [];
  await config.update(
    'watches',
    [...current, JSON.parse(JSON.stringify(watch)) as unknown],
    toWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
  );
  ctx.log.info(
    `Watching ${fn}${server ? ` on ${server.name}` : ''} (gearman.watches, ${toWorkspace ? 'workspace' : 'user'} settings)`,
  );
  vscode.window.setStatusBarMessage(`Gearman: watching ${fn}`, 5000);
}

/** Lists the watches that fired and have not recovered. */
export async function showWatchAlerts(ctx: Ctx): Promise<void> {
  const list = ctx.alerts?.() ?? [];
  if (!list.length) {
    void vscode.window.showInformationMessage('Gearman: no watch has fired.');
    return;
  }
  const pick = await choose(
    list.map((a) => ({ label: inert(a.function), description: inert(a.serverName), detail: inert(a.message, 300), a })),
    { title: 'Gearman watches that fired' },
  );
  const s = pick && ctx.store.get(pick.a.serverId);
  if (s) DashboardPanel.show(ctx, s);
}
