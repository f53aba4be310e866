// The HTML of a job result panel. Every value from the wire goes through inertHtml, the
// page allows only its own nonce'd style and script (strict CSP), and the script only
// posts button clicks and the picked run back to the extension. It draws only what the job state keeps
// (resultSections.ts). Pure, so it is unit-tested.
import { describeJob, GONE_NOTE, payloadSize, percent, type JobState } from '../jobs/jobState';
import { payloadPreview, runsNav } from './panelParts';
import { chunkSection, resultSection, type PanelAction, type ResultView } from './resultSections';
import { escapeHtml, inertHtml } from './resultText';

export type { PanelAction, ResultView } from './resultSections';

/** Inputs of renderResultHtml besides the job. */
export interface RenderOptions {
  nonce: string;
  /** The webview's cspSource (unused for now: the page loads nothing). */
  cspSource: string;
  view: ResultView;
  /** The function's recent runs, newest first (the shown one among them). */
  runs?: readonly JobState[];
  /** The diff with the previous run when asked for, or undefined. */
  compare?: string;
  /** True when there is a previous run with a result to compare with. */
  canCompare?: boolean;
  /** Submits that are this same job on the server (gearmand coalesced them), this one included. */
  submits?: number;
  /** What to say about the coalesced submits (plain text), when submits > 1. */
  coalesced?: string;
}

const bytesLabel = (n: number) => `${n} ${n === 1 ? 'byte' : 'bytes'}`;

const clock = (t: number | undefined, from?: number) => {
  if (t === undefined) return '—';
  const d = new Date(t);
  const hms = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  return from !== undefined && t >= from ? `${hms} (+${t - from} ms)` : hms;
};

function buttons(s: JobState, view: ResultView, o: RenderOptions): string {
  const b = (action: PanelAction, label: string, pressed = false) =>
    `<button data-action="${action}"${pressed ? ' aria-pressed="true" class="on"' : ''}>${escapeHtml(label)}</button>`;
  const out: string[] = [];
  if (s.result !== undefined) {
    out.push(b('text', 'Text', view === 'text'), b('json', 'JSON', view === 'json'), b('hex', 'Hex', view === 'hex'));
    out.push(b('copy', 'Copy'), b('save', 'Save…'), b('open', 'Open as Document'));
  }
  if (o.canCompare) out.push(b('compare', 'Compare with Previous Run', o.compare !== undefined));
  if (s.phase === 'waiting' || s.phase === 'submitting') out.push(b('cancel', 'Stop Waiting'));
  if (s.phase === 'queued' && !s.watch?.active && s.watch?.known !== false) out.push(b('watch', 'Watch Status'));
  if (s.watch?.active) out.push(b('stopWatch', 'Stop Watching'));
  out.push(b('rerun', 'Run Again'), b('openBlock', 'Open as .gearman'));
  return `<nav>${out.join('')}</nav>`;
}

function watchLine(s: JobState): string {
  if (!s.watch) return '';
  const w = s.watch;
  const pct = percent(w);
  const state = !w.known
    ? `ended. ${GONE_NOTE}`
    : w.running
      ? `running${pct !== undefined ? `, ${pct}% (${w.numerator}/${w.denominator})` : ''}`
      : 'queued';
  return `<tr><th>Watch</th><td id="watch">${escapeHtml(state)} <span class="dim">at ${clock(w.at)}${w.active ? ', polling' : ''}</span></td></tr>`;
}

/** The whole page for one job. */
export function renderResultHtml(s: JobState, o: RenderOptions): string {
  const nonce = escapeHtml(o.nonce);
  const pct = percent(s.progress);
  const bar = s.progress
    ? `<tr><th>Progress</th><td id="progress">${pct !== undefined ? `${pct}% ` : ''}(${s.progress.numerator}/${s.progress.denominator})</td></tr>`
    : '';
  const t = s.times;
  const req = s.request;
  const opts = [
    req.priority && req.priority !== 'normal' ? `${req.priority} priority` : '',
    req.background ? 'background' : 'foreground',
    req.unique ? `unique ${req.unique}` : '',
    req.epoch !== undefined ? `epoch ${req.epoch}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const message = s.message
    ? `<section><p id="message" class="${s.phase === 'error' ? 'bad' : 'note'}">${inertHtml(s.message)}</p></section>`
    : '';
  const coalesced =
    (o.submits ?? 1) > 1 && o.coalesced
      ? `<section><p id="coalesced" class="note">${inertHtml(o.coalesced)}</p></section>`
      : '';
  // A queued job has not finished: it gets the time gearmand queued it, not a "Completed" time.
  const end =
    s.phase === 'queued'
      ? `<tr><th>Queued</th><td id="t-queued">${clock(t.queued ?? t.completed, t.submitted)}</td></tr>`
      : `<tr><th>Completed</th><td id="t-completed">${clock(t.completed, t.submitted)}</td></tr>`;
  const failNote =
    s.phase === 'fail'
      ? '<section><p id="message" class="bad">The worker reported WORK_FAIL: the job failed without a message.</p></section>'
      : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${inertHtml(req.function)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
pre { font-family: var(--vscode-editor-font-family); white-space: pre-wrap; word-break: break-all; background: var(--vscode-textCodeBlock-background); padding: .5em; margin: .2em 0; }
th { text-align: left; padding-right: 1em; font-weight: normal; color: var(--vscode-descriptionForeground); }
.dim, .note { color: var(--vscode-descriptionForeground); }
.bad { color: var(--vscode-errorForeground); }
.ctl { color: var(--vscode-editorWarning-foreground); border: 1px dotted currentColor; }
nav button { margin: 0 .3em .3em 0; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: .3em .7em; cursor: pointer; }
nav button.on { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
ol { list-style: none; padding-left: 0; } h2 { font-size: 1.1em; margin: 1em 0 .3em; }
ol li { display: flex; gap: .6em; align-items: baseline; } ol li pre { flex: 1; } .n { color: var(--vscode-editorLineNumber-foreground); min-width: 2em; text-align: right; }
.tree, .code { font-family: var(--vscode-editor-font-family); white-space: pre-wrap; word-break: break-all; background: var(--vscode-textCodeBlock-background); padding: .5em; }
.tree ul { list-style: none; margin: 0; padding-left: 1.5em; } .tree details { display: inline; } .tree summary { display: inline; cursor: pointer; }
.tree details:not([open]) > summary::after { content: ' …'; } .j-key { color: var(--vscode-symbolIcon-propertyForeground, inherit); } .j-string { color: var(--vscode-debugTokenExpression-string, inherit); }
.d-add { background: var(--vscode-diffEditor-insertedLineBackground, rgba(0,160,0,.2)); } .d-del { background: var(--vscode-diffEditor-removedLineBackground, rgba(200,0,0,.2)); }
.d-op { display: inline-block; width: 1.5em; color: var(--vscode-descriptionForeground); } .d-fold { color: var(--vscode-descriptionForeground); font-style: italic; }
</style></head>
<body>
<h1><code id="function">${inertHtml(req.function)}</code> <span id="status" data-phase="${s.phase}">${escapeHtml(describeJob(s))}</span></h1>
${runsNav(o.runs ?? [], s.jobId)}
${buttons(s, o.view, o)}
<table>
<tr><th>Server</th><td id="server">${inertHtml(s.server ?? s.target)}</td></tr>
<tr><th>Handle</th><td id="handle">${inertHtml(s.handle ?? '—')}</td></tr>
<tr><th>Options</th><td>${inertHtml(opts)}</td></tr>
<tr><th>Payload</th><td>${bytesLabel(payloadSize(req))}${payloadPreview(s)}</td></tr>
<tr><th>Submitted</th><td id="t-submitted">${clock(t.submitted)}</td></tr>
<tr><th>Created</th><td id="t-created">${clock(t.created, t.submitted)}</td></tr>
<tr><th>First data</th><td id="t-first-data">${clock(t.firstData, t.submitted)}</td></tr>
${end}
${bar}${watchLine(s)}
</table>
${coalesced}${message}${failNote}
${chunkSection('Data (WORK_DATA)', 'data', s.data)}
${chunkSection('Warnings (WORK_WARNING)', 'warnings', s.warnings)}
${o.compare ?? ''}
${resultSection(s, o.view)}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll('button[data-action]')) b.addEventListener('click', () => vscode.postMessage({ action: b.dataset.action }));
document.querySelector('#runs')?.addEventListener('change', (e) => vscode.postMessage({ action: 'pick', jobId: e.target.value }));
</script>
</body></html>`;
}
