// The page shell of the chart webviews (load test, server dashboard): a strict CSP with a nonce,
// the bundled uPlot stylesheet and the panel's own bundled script, nothing inline but nonce'd
// style. Pure, so it is unit-tested.
import { escapeHtml } from './resultText';

/** What every chart page needs from its panel. */
export interface ChartPageParts {
  nonce: string;
  /** The webview's cspSource (its own resources). */
  cspSource: string;
  /** asWebviewUri of dist/webview/uPlot.min.css and of the page's script. */
  cssUri: string;
  scriptUri: string;
  title: string;
  /** The page's body markup (static: data arrives by postMessage and is set as text). */
  body: string;
  /** Extra CSS of the page. */
  style?: string;
}

/** The whole page. */
export function chartPage(p: ChartPageParts): string {
  const nonce = escapeHtml(p.nonce);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${escapeHtml(p.cspSource)} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(p.cssUri)}">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
table { border-collapse: collapse; margin: .3em 0 1em; }
th, td { text-align: left; padding: .1em .8em .1em 0; }
th { font-weight: normal; color: var(--vscode-descriptionForeground); }
.dim, .note { color: var(--vscode-descriptionForeground); }
.bad { color: var(--vscode-errorForeground); }
.chart { width: 100%; min-width: 200px; margin: .5em 0 1em; }
.uplot, .u-legend { color: var(--vscode-foreground); font-family: var(--vscode-font-family); }
nav { display: flex; flex-wrap: wrap; gap: .3em; margin: .5em 0; }
button, select { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: .3em .7em; cursor: pointer; }
select { color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); }
button:disabled { opacity: .5; cursor: default; }
button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
h2 { font-size: 1.1em; margin: 1em 0 .3em; }
.counts { display: flex; flex-wrap: wrap; gap: 1.5em; font-size: 1.2em; }
.counts div span { display: block; font-size: .75em; color: var(--vscode-descriptionForeground); }
${p.style ?? ''}
</style></head>
<body>
${p.body}
<script nonce="${nonce}" src="${escapeHtml(p.scriptUri)}"></script>
</body></html>`;
}

/** The load test panel's markup. */
export function loadTestBody(title: string): string {
  return `<h1 id="title">${escapeHtml(title)}</h1>
<nav>
<button class="primary" id="stop" data-action="stop">Stop</button>
<button data-action="rerun">Run Again</button>
<button data-action="exportJson">Export JSON</button>
<button data-action="exportCsv">Export CSV</button>
<select id="compare" aria-label="Compare with an earlier run"><option value="">Compare with…</option></select>
</nav>
<div class="counts">
<div><span>state</span><b id="state">starting</b></div>
<div><span>done</span><b id="done">0</b></div>
<div><span>sent</span><b id="submitted">0</b></div>
<div><span>in flight</span><b id="inflight">0</b></div>
<div><span>failed</span><b id="failed">0</b></div>
<div><span>jobs/s</span><b id="jps">0</b></div>
<div><span>elapsed</span><b id="elapsed">0 s</b></div>
</div>
<p id="message" class="bad"></p><p id="stopnote" class="note"></p>
<h2>Throughput</h2><div id="throughput" class="chart"></div>
<h2>Latency</h2><div id="latency" class="chart"></div>
<table><thead><tr><th></th><th>this run</th><th>earlier</th></tr></thead><tbody id="percentiles"></tbody></table>
<h2>Outcomes</h2><table><tbody id="outcomes"></tbody></table>
<h2>Per server</h2><table><thead><tr><th>server</th><th>sent</th><th>complete</th><th>failed</th><th>p50</th><th>p99</th></tr></thead><tbody id="servers"></tbody></table>
<h2>First errors</h2><table><tbody id="errors"></tbody></table>`;
}

/** The server dashboard's markup. */
export function dashboardBody(title: string): string {
  return `<h1 id="title">${escapeHtml(title)}</h1>
<nav><select id="range" aria-label="Time range">
<option value="300">Last 5 minutes</option><option value="900" selected>Last 15 minutes</option><option value="3600">Last hour</option>
</select></nav>
<div class="counts">
<div><span>state</span><b id="health">…</b></div>
<div><span>queued</span><b id="queued">0</b></div>
<div><span>running</span><b id="running">0</b></div>
<div><span>workers</span><b id="workers">0</b></div>
</div>
<p id="error" class="bad"></p>
<h2>Queued, running, workers</h2><div id="totals" class="chart"></div>
<h2>Longest queues</h2><div id="top" class="chart"></div>
<h2>Queue latency</h2><p id="latencyNote" class="note"></p>
<table><thead><tr><th>function</th><th>oldest job waiting</th><th>queued</th><th>first seen</th></tr></thead><tbody id="latency"></tbody></table>
<p id="bound" class="note"></p>`;
}
