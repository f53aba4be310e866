// Turns a run into what the editor is told: live progress and the final result; and the
// result as CSV (one section per table) for export. Pure.
import type { LoadTestRun } from './engine';
import type { LoadTestProgress, LoadTestRequestInfo, LoadTestResult } from './types';

/** The final result of a run. */
export function resultOf(runId: string, run: LoadTestRun, request: LoadTestRequestInfo): LoadTestResult {
  const s = run.state();
  const state = s.phase === 'stopped' || s.phase === 'error' ? s.phase : 'done';
  return {
    runId,
    request,
    startedAt: run.startedAt,
    endedAt: run.endedAt || Date.now(),
    state,
    ...(run.message ? { message: run.message } : {}),
    counts: s.counts,
    ...(run.inFlightAtStop !== undefined
      ? { inFlightAtStop: run.inFlightAtStop, submittedAtStop: run.submittedAtStop }
      : {}),
    latency: run.latency.summary(),
    throughput: run.throughput.all(s.elapsedMs),
    perServer: run.perServer.map((p) => ({
      server: p.server.id,
      label: p.server.label,
      counts: { ...p.counts },
      latency: p.latency.summary(),
    })),
    firstErrors: [...run.errors],
    errorsNotShown: run.errorsNotShown,
  };
}

/** The live progress of a run (`final` added by the caller at the end). */
export function progressOf(runId: string, run: LoadTestRun): LoadTestProgress {
  const s = run.state();
  return {
    runId,
    state: s.phase,
    elapsedMs: Math.round(s.elapsedMs),
    counts: s.counts,
    inFlight: s.inFlight,
    jobsPerSec: run.throughput.lastSecond(s.elapsedMs),
    points: run.throughput.takeNew(s.elapsedMs),
  };
}

const cell = (v: string | number | undefined) => {
  const s = v === undefined ? '' : String(v);
  // Quoted when needed (RFC 4180), and a leading = + - @ neutralised so a spreadsheet does not run it.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const row = (...vs: (string | number | undefined)[]) => vs.map(cell).join(',');

/** The result as CSV: a summary, per-server rows, throughput over time, latency bins and the first errors. */
export function resultCsv(r: LoadTestResult): string {
  const q = r.request;
  const lines = [
    row(
      'run',
      'function',
      'servers',
      'state',
      'started',
      'ended',
      'jobs',
      'durationSec',
      'inFlight',
      'priority',
      'background',
      'payloadBytes',
    ),
    row(
      r.runId,
      q.function,
      q.serverLabels.join(' '),
      r.state,
      new Date(r.startedAt).toISOString(),
      new Date(r.endedAt).toISOString(),
      q.jobs,
      q.durationSec,
      q.inFlight,
      q.priority,
      String(q.background),
      q.payloadSize,
    ),
    '',
    row(
      'server',
      'submitted',
      'complete',
      'fail',
      'exception',
      'timeout',
      'error',
      'p50Ms',
      'p90Ms',
      'p99Ms',
      'maxMs',
      'meanMs',
    ),
    ...[{ label: 'all', counts: r.counts, latency: r.latency }, ...r.perServer].map((p) =>
      row(
        p.label,
        p.counts.submitted,
        p.counts.complete,
        p.counts.fail,
        p.counts.exception,
        p.counts.timeout,
        p.counts.error,
        p.latency.p50,
        p.latency.p90,
        p.latency.p99,
        p.latency.max,
        p.latency.mean,
      ),
    ),
    '',
    row('fromSecond', 'jobs', 'jobsPerSecond', 'meanLatencyMs'),
    ...r.throughput.map((t) => row(t.t, t.jobs, t.perSec, t.meanMs)),
    '',
    row('latencyFromMs', 'latencyToMs', 'jobs'),
    ...r.latency.bins.map((b) => row(b.from, b.to, b.count)),
    '',
    row('errorAtMs', 'kind', 'server', 'message'),
    ...r.firstErrors.map((e) => row(e.at, e.kind, e.server, e.message)),
  ];
  return `${lines.join('\n')}\n`;
}
