// The server dashboard's script: total queued / running / workers and the longest queues over
// the chosen time range (uPlot), and the queue latency per function. Data arrives by
// postMessage and is set as text; the range choice is the only thing sent back.
import type uPlot from 'uplot';
import type { DashboardData } from '../../server/src/protocol';
import { Chart, setRows, setText } from './charts';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };
const vscode = acquireVsCodeApi();

const totals = new Chart(document.getElementById('totals')!, { xLabel: 'time', yLabel: 'jobs / workers', time: true });
const top = new Chart(document.getElementById('top')!, { xLabel: 'time', yLabel: 'queued', time: true });

function show(d: DashboardData): void {
  setText('title', `${d.name} (${d.serverId})`);
  setText('health', d.health);
  setText('bound', d.bound);
  setText('latencyNote', d.latencyNote ?? '');
  const x = d.totals.t.map((t) => t / 1000);
  totals.set([{ label: 'queued' }, { label: 'running' }, { label: 'workers', dash: true }], [
    x,
    d.totals.queued,
    d.totals.running,
    d.totals.workers,
  ] as uPlot.AlignedData);
  const last = (xs: (number | null)[]) => [...xs].reverse().find((v) => v !== null) ?? 0;
  setText('queued', String(last(d.totals.queued)));
  setText('running', String(last(d.totals.running)));
  setText('workers', String(last(d.totals.workers)));
  if (d.top.length)
    top.set(
      d.top.map((f) => ({ label: f.name })),
      [d.top[0].series.t.map((t) => t / 1000), ...d.top.map((f) => f.series.queued)] as uPlot.AlignedData,
    );
  else top.set([{ label: '(no queue in this range)' }], [x, x.map(() => 0)]);
  setRows(
    'latency',
    d.latency.map((l) => [
      l.function,
      `${l.ageSec} s${l.estimate ? ' (estimate)' : ''}`,
      l.queued,
      new Date(l.since).toLocaleTimeString(),
    ]),
  );
  document.body.dataset.points = String(d.totals.queued.filter((q) => q !== null).length);
  document.body.dataset.queued = String(last(d.totals.queued));
}

window.addEventListener(
  'message',
  (ev: MessageEvent<{ type: 'data'; d: DashboardData } | { type: 'error'; message: string }>) => {
    if (ev.data.type === 'data') show(ev.data.d);
    else setText('error', ev.data.message);
  },
);
document
  .getElementById('range')!
  .addEventListener('change', (e) =>
    vscode.postMessage({ action: 'range', sec: Number((e.target as HTMLSelectElement).value) }),
  );
vscode.postMessage({ action: 'ready' });
