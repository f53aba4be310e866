// The load test panel's script: live counts, throughput over time and the latency histogram
// (uPlot), percentiles, per-server split, first errors, and an earlier run overlaid. Every
// value is set as text; the only thing sent back is which button was pressed.
import type uPlot from 'uplot';
import type { LoadTestProgress, LoadTestResult, ThroughputPoint } from '../../server/src/protocol';
import { Chart, setRows, setText } from './charts';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };
const vscode = acquireVsCodeApi();

type Message =
  | { type: 'progress'; p: LoadTestProgress }
  | { type: 'result'; r: LoadTestResult }
  | { type: 'compare'; r?: LoadTestResult }
  | { type: 'runs'; runs: { runId: string; label: string }[] }
  | { type: 'error'; message: string };

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const throughput = new Chart(document.getElementById('throughput')!, { xLabel: 's', yLabel: 'jobs/s' });
const latency = new Chart(document.getElementById('latency')!, {
  xLabel: 'ms (log scale)',
  yLabel: 'jobs',
  logX: true,
  xValues: (_u, v) => v.map((x) => (x == null ? '' : fmt(x))),
});
let points: ThroughputPoint[] = [];
let current: LoadTestResult | undefined;
let earlier: LoadTestResult | undefined;

function counts(
  p: Pick<LoadTestProgress, 'counts' | 'inFlight' | 'state' | 'elapsedMs'> & { jobsPerSec?: number },
): void {
  const c = p.counts;
  setText('state', p.state);
  setText('done', String(c.complete + c.fail + c.exception + c.timeout + c.error));
  setText('submitted', String(c.submitted));
  setText('inflight', String(p.inFlight));
  setText('failed', String(c.fail + c.exception + c.timeout + c.error));
  setText('elapsed', `${(p.elapsedMs / 1000).toFixed(1)} s`);
  if (p.jobsPerSec !== undefined) setText('jps', String(p.jobsPerSec));
  document.body.dataset.state = p.state;
  (document.getElementById('stop') as HTMLButtonElement).disabled = p.state !== 'running';
}

function drawThroughput(): void {
  const mine = current?.throughput ?? points;
  const other = earlier?.throughput ?? [];
  // Two runs may be sliced differently: one x axis of every slice start, each run null where it has none.
  const x = [...new Set([...mine, ...other].map((p) => p.t))].sort((a, b) => a - b);
  const at = (ps: ThroughputPoint[]) => {
    const m = new Map(ps.map((p) => [p.t, p.perSec]));
    return x.map((t) => m.get(t) ?? null);
  };
  const series: { label: string; dash?: boolean }[] = [{ label: 'this run' }];
  const data: uPlot.AlignedData = [x, at(mine)];
  if (earlier) {
    series.push({ label: `earlier (${new Date(earlier.startedAt).toLocaleTimeString()})`, dash: true });
    data.push(at(other));
  }
  throughput.set(series, data);
}

function drawLatency(): void {
  if (!current) return;
  const runs = [current, ...(earlier ? [earlier] : [])];
  const xs = [...new Set(runs.flatMap((r) => r.latency.bins.map((b) => b.to)))].sort((a, b) => a - b);
  const data: uPlot.AlignedData = [
    xs,
    ...runs.map((r) => {
      const at = new Map(r.latency.bins.map((b) => [b.to, b.count]));
      return xs.map((x) => at.get(x) ?? null);
    }),
  ];
  latency.set(
    runs.map((_r, i) => ({ label: i === 0 ? 'this run' : 'earlier', bars: true })),
    data,
  );
}

function showResult(r: LoadTestResult): void {
  current = r;
  counts({ counts: r.counts, inFlight: 0, state: r.state, elapsedMs: r.endedAt - r.startedAt });
  const secs = Math.max(0.001, (r.endedAt - r.startedAt) / 1000);
  setText('jps', fmt((r.counts.complete + r.counts.fail + r.counts.exception) / secs));
  setText('message', r.message ?? (r.inFlightAtStop !== undefined ? '' : ''));
  setText(
    'stopnote',
    r.inFlightAtStop !== undefined
      ? `${r.submittedAtStop} sent when stopped, ${r.inFlightAtStop} of them still in flight then.`
      : '',
  );
  const l = r.latency;
  const e = earlier?.latency;
  const row = (name: string, v: number, w?: number) => [name, `${fmt(v)} ms`, w === undefined ? '' : `${fmt(w)} ms`];
  setRows('percentiles', [
    row('p50', l.p50, e?.p50),
    row('p90', l.p90, e?.p90),
    row('p99', l.p99, e?.p99),
    row('max', l.max, e?.max),
    row('mean', l.mean, e?.mean),
  ]);
  setRows('outcomes', [
    ['complete', r.counts.complete],
    ['fail', r.counts.fail],
    ['exception', r.counts.exception],
    ['timeout', r.counts.timeout],
    ['error', r.counts.error],
  ]);
  setRows(
    'servers',
    r.perServer.map((s) => [
      s.label,
      s.counts.submitted,
      s.counts.complete,
      s.counts.fail + s.counts.exception + s.counts.timeout + s.counts.error,
      `${fmt(s.latency.p50)} ms`,
      `${fmt(s.latency.p99)} ms`,
    ]),
  );
  setRows('errors', [
    ...r.firstErrors.map((x) => [`+${x.at} ms`, x.kind, x.server, x.message]),
    ...(r.errorsNotShown ? [['', '', '', `${r.errorsNotShown} more not shown`]] : []),
  ]);
  document.body.classList.add('finished');
  drawThroughput();
  drawLatency();
}

window.addEventListener('message', (ev: MessageEvent<Message>) => {
  const m = ev.data;
  switch (m.type) {
    case 'progress':
      counts(m.p);
      points = points.concat(m.p.points);
      if (!current) drawThroughput();
      return;
    case 'result':
      return showResult(m.r);
    case 'compare':
      earlier = m.r;
      if (current) showResult(current);
      return;
    case 'runs': {
      const sel = document.getElementById('compare') as HTMLSelectElement;
      const none = document.createElement('option');
      none.value = '';
      none.textContent = m.runs.length ? 'Compare with…' : 'No earlier run of this function';
      sel.replaceChildren(
        none,
        ...m.runs.map((r) => {
          const o = document.createElement('option');
          o.value = r.runId;
          o.textContent = r.label;
          return o;
        }),
      );
      return;
    }
    case 'error':
      setText('message', m.message);
      document.body.dataset.state = 'error';
      setText('state', 'error');
      (document.getElementById('stop') as HTMLButtonElement).disabled = true;
  }
});

for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-action]'))
  b.addEventListener('click', () => vscode.postMessage({ action: b.dataset.action }));
document
  .getElementById('compare')!
  .addEventListener('change', (e) =>
    vscode.postMessage({ action: 'compare', runId: (e.target as HTMLSelectElement).value }),
  );
vscode.postMessage({ action: 'ready' });
