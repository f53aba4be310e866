// The server dashboard: one webview per server, redrawn (at most once a second) when the
// registry changes that server, over the time range chosen in the page.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { chartPage, dashboardBody } from './chartHtml';

const open = new Map<string, DashboardPanel>();

/** One server's dashboard. */
export class DashboardPanel {
  private rangeSec = 900;
  private ready = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly panel: vscode.WebviewPanel;

  /** Shows (or reveals) the dashboard of a server. */
  static show(ctx: Ctx, server: protocol.ServerSnapshot): void {
    const existing = open.get(server.id);
    if (existing) return existing.panel.reveal();
    open.set(server.id, new DashboardPanel(ctx, server));
  }

  private constructor(
    private readonly ctx: Ctx,
    private readonly server: protocol.ServerSnapshot,
  ) {
    const root = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      'gearman.dashboard',
      `Gearman: ${protocol.inert(server.name, 40)}`,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: true },
    );
    const w = this.panel.webview;
    w.html = chartPage({
      nonce: randomBytes(16).toString('base64'),
      cspSource: w.cspSource,
      cssUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'uPlot.min.css')).toString(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'dashboard.js')).toString(),
      title: `Gearman: ${server.name}`,
      body: dashboardBody(`${protocol.inert(server.name, 200)} (${server.id})`),
    });
    this.subs.push(
      w.onDidReceiveMessage((m: { action?: string; sec?: number }) => {
        if (m.action === 'ready') this.ready = true;
        if (m.action === 'range' && typeof m.sec === 'number') this.rangeSec = m.sec;
        void this.refresh();
      }),
    );
    this.subs.push(
      ctx.store.onDidChange((c) => {
        if (c.changed.some((x) => x.after.id === server.id)) this.schedule();
      }),
    );
    // The registry tells changes only; the chart's time axis moves on even when nothing changed.
    const tick = setInterval(() => this.schedule(), 5000);
    this.subs.push({ dispose: () => clearInterval(tick) });
    this.panel.onDidDispose(() => this.dispose());
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, 1000);
  }

  private async refresh(): Promise<void> {
    if (!this.ready) return;
    try {
      const d = await this.ctx.client.sendRequest(protocol.dashboard, {
        serverId: this.server.id,
        rangeSec: this.rangeSec,
      });
      void this.panel.webview.postMessage({ type: 'data', d });
    } catch (e) {
      void this.panel.webview.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private dispose(): void {
    clearTimeout(this.timer);
    open.delete(this.server.id);
    for (const d of this.subs) d.dispose();
  }
}
