// The load test panel: a webview beside the editor with live counts and Stop while a run
// lasts, then its charts and tables (client/webview/loadTest.ts draws them). Its buttons
// export the result, run it again and overlay an earlier run of the same function.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { chartPage, loadTestBody } from './chartHtml';

/** What the panel needs from the load test commands. */
export interface LoadTestHost {
  /** Earlier finished runs of a function, newest first. */
  earlier(fn: string, except: string): protocol.LoadTestResult[];
  /** Starts the same run again. */
  rerun(request: protocol.LoadTestRequestInfo): Promise<void>;
}

type Action = { action?: 'ready' | 'stop' | 'rerun' | 'exportJson' | 'exportCsv' | 'compare'; runId?: string };

const panels = new Map<string, LoadTestPanel>();

/** One run's panel. */
export class LoadTestPanel {
  private result: protocol.LoadTestResult | undefined;
  private readonly backlog: unknown[] = [];
  private ready = false;
  private readonly panel: vscode.WebviewPanel;

  /** The panel of a run (opened when missing). */
  static for(ctx: Ctx, host: LoadTestHost, runId: string, fn: string, target: string): LoadTestPanel {
    let p = panels.get(runId);
    if (!p) panels.set(runId, (p = new LoadTestPanel(ctx, host, runId, fn, target)));
    return p;
  }

  /** The open panel of a run, if any. */
  static get(runId: string): LoadTestPanel | undefined {
    return panels.get(runId);
  }

  private constructor(
    private readonly ctx: Ctx,
    private readonly host: LoadTestHost,
    readonly runId: string,
    private readonly fn: string,
    target: string,
  ) {
    const root = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      'gearman.loadTest',
      `Load test: ${protocol.inert(fn, 40)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: true },
    );
    const w = this.panel.webview;
    w.html = chartPage({
      nonce: randomBytes(16).toString('base64'),
      cspSource: w.cspSource,
      cssUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'uPlot.min.css')).toString(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'loadTest.js')).toString(),
      title: `Load test: ${fn}`,
      body: loadTestBody(`Load test: ${protocol.inert(fn, 200)} on ${protocol.inert(target, 200)}`),
    });
    w.onDidReceiveMessage(
      (m: Action) =>
        void this.onAction(m).catch(
          (e: unknown) => void vscode.window.showErrorMessage(`Gearman: ${e instanceof Error ? e.message : String(e)}`),
        ),
    );
    this.panel.onDidDispose(() => panels.delete(runId));
  }

  /** Live counts of the run. */
  progress(p: protocol.LoadTestProgress): void {
    this.post({ type: 'progress', p });
  }

  /** The finished run. */
  finished(r: protocol.LoadTestResult): void {
    this.result = r;
    this.post({ type: 'result', r });
    this.post({
      type: 'runs',
      runs: this.host.earlier(this.fn, this.runId).map((e) => ({ runId: e.runId, label: describeRun(e) })),
    });
  }

  /** The run could not start or failed. */
  failed(message: string): void {
    this.post({ type: 'error', message });
  }

  /** Brings the panel to the front. */
  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private post(m: unknown): void {
    if (this.ready) void this.panel.webview.postMessage(m);
    else this.backlog.push(m);
  }

  private async onAction(m: Action): Promise<void> {
    switch (m.action) {
      case 'ready':
        this.ready = true;
        for (const x of this.backlog.splice(0)) void this.panel.webview.postMessage(x);
        return;
      case 'stop': {
        const r = await this.ctx.client.sendRequest(protocol.loadTestStop, { runId: this.runId });
        if (r.stopped)
          this.ctx.log.info(`Load test ${this.runId} stopped: ${r.submitted} sent, ${r.inFlight} still in flight`);
        return;
      }
      case 'rerun':
        if (this.result) await this.host.rerun(this.result.request);
        return;
      case 'compare':
        this.post({ type: 'compare', r: this.host.earlier(this.fn, this.runId).find((e) => e.runId === m.runId) });
        return;
      case 'exportJson':
      case 'exportCsv': {
        if (!this.result) return;
        const json = m.action === 'exportJson';
        const uri = await vscode.window.showSaveDialog({
          title: `Export the load test of ${this.fn}`,
          filters: json ? { JSON: ['json'] } : { CSV: ['csv'] },
          saveLabel: 'Export',
        });
        if (uri)
          await vscode.workspace.fs.writeFile(
            uri,
            Buffer.from(json ? `${JSON.stringify(this.result, null, 2)}\n` : protocol.loadTestCsv(this.result), 'utf8'),
          );
        return;
      }
    }
  }
}

/** One line naming a run: when, how big, how fast. */
export function describeRun(r: protocol.LoadTestResult): string {
  const secs = Math.max(0.001, (r.endedAt - r.startedAt) / 1000);
  return `${new Date(r.startedAt).toLocaleString()} · ${r.counts.submitted} jobs, ${r.request.inFlight} in flight · ${Math.round(r.counts.complete / secs)} jobs/s · p99 ${r.latency.p99} ms · ${r.state}`;
}
