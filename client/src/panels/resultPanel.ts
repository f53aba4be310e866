// The result panel of a function: one webview beside the editor per function, reused by every
// run of it, with a list of its recent runs (one is shown) and a diff with the previous run.
// Per function rather than a single panel: "compare with the previous run" and the runs list
// are about one function, and results of two functions can still sit side by side; per
// function rather than per run: a submit no longer opens another tab with the same title.
// Redrawn from the shown run's state at most every RENDER_MS, and only while visible. Its
// buttons post actions handled here; what the editor holds only part of is fetched whole
// from the server (jobOutput.ts).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../ctx';
import { jobHub } from '../jobs';
import { coalescedNote, sameJobAs } from '../jobs/coalesce';
import { entryToState } from '../jobs/historyEntries';
import type { JobState } from '../jobs/jobState';
import { openAsBlock, runJob } from '../jobs/runJob';
import { copyResult, openResult, saveAll } from './jobOutput';
import { diffSection } from './resultDiff';
import { renderResultHtml, type PanelAction } from './resultHtml';
import { defaultView, type ResultView } from './resultSections';
import { prettyJson } from './resultText';
import { clockTime } from './panelParts';

const open = new Map<string, ResultPanel>();
/** Least time between two redraws of a panel (at most four a second). */
export const RENDER_MS = 250;
/** Runs listed per function; the oldest is dropped first. */
export const MAX_RUNS = 20;

/** The result panel of one function. */
export class ResultPanel {
  /** Run ids, newest first, with their state as last seen (so a run still shows after the hub forgot it). */
  private runs: { jobId: string; last: JobState }[] = [];
  private shown = '';
  private view: ResultView | undefined;
  private compare = false;
  private timer: NodeJS.Timeout | undefined;
  private lastRender = 0;
  /** A change arrived while the panel was hidden: redraw when it shows. */
  private stale = false;
  private readonly subs: vscode.Disposable[] = [];
  private readonly panel: vscode.WebviewPanel;

  /** Shows a run in its function's panel (made, or revealed and switched to the run). */
  static show(ctx: Ctx, jobId: string, preserveFocus = true): void {
    const s = jobHub(ctx).get(jobId);
    if (!s) return;
    const fn = s.request.function;
    let p = open.get(fn);
    if (p) p.panel.reveal(undefined, preserveFocus);
    else open.set(fn, (p = new ResultPanel(ctx, fn, preserveFocus)));
    p.add(s);
  }

  private constructor(
    private readonly ctx: Ctx,
    private fn: string,
    preserveFocus: boolean,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      'gearman.jobResult',
      title(fn),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, localResourceRoots: [], enableFindWidget: true },
    );
    // Earlier runs from the history, so the first run of this session can be compared too.
    const older = jobHub(ctx)
      .history.list()
      .filter((e) => e.request.function === fn)
      .slice(0, MAX_RUNS)
      .reverse();
    for (const e of older) this.runs.unshift({ jobId: e.id, last: entryToState(e) });
    this.subs.push(jobHub(ctx).onDidChangeJob((j) => this.onJob(j)));
    this.subs.push(
      this.panel.webview.onDidReceiveMessage(
        (m: { action?: PanelAction; jobId?: unknown }) =>
          void this.onAction(m.action, m.jobId).catch((e: unknown) => {
            void vscode.window.showErrorMessage(`Gearman: ${e instanceof Error ? e.message : String(e)}`);
          }),
      ),
    );
    this.subs.push(
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.stale) this.schedule();
      }),
    );
    this.panel.onDidDispose(() => this.dispose());
  }

  /** Adds (or moves to the top) a run and shows it. */
  private add(s: JobState): void {
    this.runs = [{ jobId: s.jobId, last: s }, ...this.runs.filter((r) => r.jobId !== s.jobId)].slice(0, MAX_RUNS);
    this.select(s.jobId);
  }

  private select(jobId: string): void {
    this.shown = jobId;
    this.view = undefined;
    this.compare = false;
    this.render();
  }

  private onJob(j: JobState): void {
    const run = this.runs.find((r) => r.jobId === j.jobId);
    if (!run) return;
    run.last = j;
    // A job-file block learns its function from its first event: it belongs in that function's panel.
    if (j.request.function !== this.fn) {
      this.runs = this.runs.filter((r) => r !== run);
      if (!this.runs.length && !open.has(j.request.function)) {
        open.delete(this.fn);
        open.set((this.fn = j.request.function), this);
        this.runs = [run];
      } else {
        ResultPanel.show(this.ctx, j.jobId);
        if (!this.runs.length) {
          this.panel.dispose();
          return;
        }
        if (this.shown === j.jobId) this.shown = this.runs[0].jobId;
      }
    }
    if (j.jobId === this.shown) this.schedule();
  }

  private state(jobId = this.shown): JobState | undefined {
    const run = this.runs.find((r) => r.jobId === jobId);
    if (run) run.last = jobHub(this.ctx).get(jobId) ?? run.last;
    return run?.last;
  }

  /** The newest run before the shown one that has a result. */
  private previous(): JobState | undefined {
    const i = this.runs.findIndex((r) => r.jobId === this.shown);
    return this.runs
      .slice(i + 1)
      .map((r) => this.state(r.jobId))
      .find((s) => s?.result !== undefined);
  }

  private schedule(): void {
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    this.timer ??= setTimeout(
      () => {
        this.timer = undefined;
        this.render();
      },
      Math.max(0, this.lastRender + RENDER_MS - Date.now()),
    );
  }

  private render(): void {
    const s = this.state();
    if (!s) return;
    this.stale = false;
    this.lastRender = Date.now();
    this.panel.title = title(this.fn);
    const prev = s.result !== undefined ? this.previous() : undefined;
    const compare =
      this.compare && prev?.result !== undefined && s.result !== undefined
        ? diffSection(
            Buffer.from(prev.result, 'base64'),
            Buffer.from(s.result, 'base64'),
            `at ${clockTime(prev.times.submitted)}`,
          )
        : undefined;
    const same = sameJobAs(s, jobHub(this.ctx).all());
    this.panel.webview.html = renderResultHtml(s, {
      nonce: randomBytes(16).toString('base64'),
      cspSource: this.panel.webview.cspSource,
      view: this.view ?? defaultView(s),
      runs: this.runs.map((r) => this.state(r.jobId) ?? r.last),
      compare,
      canCompare: !!prev,
      submits: same.length + 1,
      coalesced: same.length ? coalescedNote(same.length + 1, s) : undefined,
    });
  }

  private async onAction(action: PanelAction | undefined, jobId: unknown): Promise<void> {
    const s = this.state();
    if (!s || !action) return;
    const hub = jobHub(this.ctx);
    switch (action) {
      case 'pick':
        if (typeof jobId === 'string' && this.runs.some((r) => r.jobId === jobId)) this.select(jobId);
        return;
      case 'compare':
        this.compare = !this.compare;
        this.render();
        return;
      case 'text':
      case 'json':
      case 'hex':
        this.view = action;
        this.render();
        return;
      case 'copy':
        await copyResult(this.ctx, s);
        return;
      case 'save':
        await saveAll(this.ctx, s, 'result');
        return;
      case 'saveData':
        await saveAll(this.ctx, s, 'data');
        return;
      case 'saveWarnings':
        await saveAll(this.ctx, s, 'warnings');
        return;
      case 'open':
        await openResult(this.ctx, s, (this.view ?? defaultView(s)) === 'json' ? 'json' : 'plaintext', prettyJson);
        return;
      case 'watch':
        await hub.watch(s.jobId);
        return;
      case 'stopWatch':
      case 'cancel':
        await hub.cancel(s.jobId);
        return;
      case 'rerun':
        await runJob(this.ctx, s.request, s.target);
        return;
      case 'openBlock':
        await openAsBlock(this.ctx, s.request, s.request.function);
        return;
    }
  }

  private dispose(): void {
    clearTimeout(this.timer);
    if (open.get(this.fn) === this) open.delete(this.fn);
    for (const d of this.subs) d.dispose();
  }
}

function title(fn: string): string {
  return `Gearman: ${fn.slice(0, 40)}`;
}
