// The result panel of a job: a webview beside the editor, redrawn (at most every 100 ms)
// from the job's state. Its buttons post actions handled here.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../ctx';
import { jobHub } from '../jobs';
import type { JobState } from '../jobs/jobState';
import { openAsBlock, runJob } from '../jobs/runJob';
import { renderResultHtml, type PanelAction, type ResultView } from './resultHtml';
import { bytesToText, looksBinary, prettyJson } from './resultText';

const open = new Map<string, ResultPanel>();

/** One job's result panel. */
export class ResultPanel {
  private view: ResultView = 'text';
  private timer: NodeJS.Timeout | undefined;
  private readonly subs: vscode.Disposable[] = [];

  /** Shows (or reveals) the panel of a job. */
  static show(ctx: Ctx, jobId: string, preserveFocus = true): void {
    const existing = open.get(jobId);
    if (existing) {
      existing.panel.reveal(undefined, preserveFocus);
      return;
    }
    open.set(jobId, new ResultPanel(ctx, jobId, preserveFocus));
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(private readonly ctx: Ctx, private readonly jobId: string, preserveFocus: boolean) {
    const s = this.state();
    this.panel = vscode.window.createWebviewPanel('gearman.jobResult', title(s), { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, localResourceRoots: [], enableFindWidget: true });
    if (s?.result && looksBinary(Buffer.from(s.result, 'base64'))) this.view = 'hex';
    this.subs.push(jobHub(ctx).onDidChangeJob((j) => { if (j.jobId === jobId) this.schedule(); }));
    this.subs.push(this.panel.webview.onDidReceiveMessage((m: { action?: PanelAction }) => void this.onAction(m.action).catch((e: unknown) => {
      void vscode.window.showErrorMessage(`Gearman: ${e instanceof Error ? e.message : String(e)}`);
    })));
    this.panel.onDidDispose(() => this.dispose());
    this.render();
  }

  private state(): JobState | undefined {
    return jobHub(this.ctx).get(this.jobId);
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => { this.timer = undefined; this.render(); }, 100);
  }

  private render(): void {
    const s = this.state();
    if (!s) return;
    this.panel.title = title(s);
    this.panel.webview.html = renderResultHtml(s, { nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource, view: this.view });
  }

  private async onAction(action: PanelAction | undefined): Promise<void> {
    const s = this.state();
    if (!s || !action) return;
    const hub = jobHub(this.ctx);
    const bytes = Buffer.from(s.result ?? '', 'base64');
    switch (action) {
      case 'text': case 'json': case 'hex': this.view = action; this.render(); return;
      case 'copy':
        await vscode.env.clipboard.writeText(bytesToText(bytes).text);
        void vscode.window.setStatusBarMessage('Gearman: result copied', 3000);
        return;
      case 'save': {
        const uri = await vscode.window.showSaveDialog({ title: `Save the result of ${s.request.function}`, saveLabel: 'Save Result' });
        if (uri) await vscode.workspace.fs.writeFile(uri, bytes);
        return;
      }
      case 'open': {
        const text = bytes.toString('utf8');
        const pretty = this.view === 'json' ? prettyJson(text) : undefined;
        const doc = await vscode.workspace.openTextDocument({ content: pretty ?? text, language: pretty !== undefined ? 'json' : 'plaintext' });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
        return;
      }
      case 'watch': await hub.watch(this.jobId); return;
      case 'stopWatch': case 'cancel': await hub.cancel(this.jobId); return;
      case 'rerun': await runJob(this.ctx, s.request, s.target); return;
      case 'openBlock': await openAsBlock(this.ctx, s.request, s.request.function); return;
    }
  }

  private dispose(): void {
    clearTimeout(this.timer);
    open.delete(this.jobId);
    for (const d of this.subs) d.dispose();
  }
}

function title(s: JobState | undefined): string {
  return s ? `Gearman: ${s.request.function.slice(0, 40)}` : 'Gearman job';
}
