// The result panel of a job: a webview beside the editor, redrawn from the job's state at
// most every RENDER_MS, and only while it is visible. The state is bounded, so each redraw is
// too. Its buttons post actions handled here; what the editor holds only part of (a flood of
// data, a large result) is fetched whole from the server (jobOutput.ts).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../ctx';
import { jobHub } from '../jobs';
import type { JobState } from '../jobs/jobState';
import { openAsBlock, runJob } from '../jobs/runJob';
import { copyResult, openResult, saveAll } from './jobOutput';
import { renderResultHtml, type PanelAction, type ResultView } from './resultHtml';
import { looksBinary, prettyJson } from './resultText';

const open = new Map<string, ResultPanel>();
/** Least time between two redraws of a panel (at most four a second). */
export const RENDER_MS = 250;

/** One job's result panel. */
export class ResultPanel {
  private view: ResultView = 'text';
  private timer: NodeJS.Timeout | undefined;
  private lastRender = 0;
  /** A change arrived while the panel was hidden: redraw when it shows. */
  private stale = false;
  /** The job as last seen, so the panel still works after the hub forgot the job. */
  private last: JobState | undefined;
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
    this.subs.push(this.panel.onDidChangeViewState(() => { if (this.panel.visible && this.stale) this.schedule(); }));
    this.panel.onDidDispose(() => this.dispose());
    this.render();
  }

  private state(): JobState | undefined {
    this.last = jobHub(this.ctx).get(this.jobId) ?? this.last;
    return this.last;
  }

  private schedule(): void {
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    this.timer ??= setTimeout(() => { this.timer = undefined; this.render(); }, Math.max(0, this.lastRender + RENDER_MS - Date.now()));
  }

  private render(): void {
    const s = this.state();
    if (!s) return;
    this.stale = false;
    this.lastRender = Date.now();
    this.panel.title = title(s);
    this.panel.webview.html = renderResultHtml(s, { nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource, view: this.view });
  }

  private async onAction(action: PanelAction | undefined): Promise<void> {
    const s = this.state();
    if (!s || !action) return;
    const hub = jobHub(this.ctx);
    switch (action) {
      case 'text': case 'json': case 'hex': this.view = action; this.render(); return;
      case 'copy': await copyResult(this.ctx, s); return;
      case 'save': await saveAll(this.ctx, s, 'result'); return;
      case 'saveData': await saveAll(this.ctx, s, 'data'); return;
      case 'saveWarnings': await saveAll(this.ctx, s, 'warnings'); return;
      case 'open': await openResult(this.ctx, s, this.view === 'json' ? 'json' : 'plaintext', prettyJson); return;
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
