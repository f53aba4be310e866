// gearman.server.loadTest: resolves the servers for a change (so readOnly and untrusted servers
// refuse), asks the user (gearman/confirm: a modal in VS Code, a message request elsewhere)
// naming the servers, the function and the job count, runs the test in this process and tells
// the editor how it goes at most four times a second (gearman/loadTestProgress).
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Feature, ServerContext } from '../../context';
import { loadTestProgress, loadTestStop } from '../../protocol';
import { readBounded } from '../../files/readBounded';
import { prepareBlock } from '../jobs/blockSubmit';
import { LoadTestRun, type RunServer } from './engine';
import { parseLoadTestParams, type ParsedLoadTest } from './params';
import { progressOf, resultOf } from './result';
import type { LoadTestRequestInfo, LoadTestResult } from './types';

/** How often progress is considered; a sliding window then keeps it to PROGRESS_PER_SECOND. */
export const PROGRESS_MS = 250;
/** Progress notifications of a run in any one second, at most (the final one included). */
export const PROGRESS_PER_SECOND = 4;
/** Payloads up to this size are repeated in the result, to run it again. */
const PAYLOAD_KEPT = 64 * 1024;

/** Registers the load test command and its stop request. */
export const loadTestFeature: Feature = (ctx) => {
  const runs = new Map<string, LoadTestRun>();
  ctx.addCommand('gearman.server.loadTest', (args) => runLoadTest(ctx, runs, args[0]));
  ctx.connection.onRequest(loadTestStop, (p) => {
    const run = runs.get(p?.runId);
    if (!run) return { stopped: false, submitted: 0, inFlight: 0 };
    return { stopped: true, ...run.stop() };
  });
  ctx.onShutdown(async () => {
    await Promise.all([...runs.values()].map((r) => r.end('The language server is shutting down.')));
  });
};

async function runLoadTest(ctx: ServerContext, runs: Map<string, LoadTestRun>, arg: unknown): Promise<LoadTestResult> {
  const p = await withBlock(ctx, parseLoadTestParams(arg, randomUUID));
  if (runs.has(p.runId)) throw new Error(`A load test with id ${p.runId} is already running`);
  const servers = await resolveServers(ctx, p.servers);
  const fn = p.function!;
  const payload =
    p.payloadFile !== undefined
      ? await readBounded(p.payloadFile, ctx.settings().limits.maxPayloadFileBytes, 'the payload file')
      : Buffer.from(p.payload ?? '', 'base64');
  const labels = servers.map((s) => s.label);
  const amount = p.jobs !== undefined ? `${p.jobs.toLocaleString('en-US')} ${p.jobs === 1 ? 'job' : 'jobs'}` : '';
  const during = p.durationSec !== undefined ? `${p.durationSec} s` : '';
  const size = [amount, during].filter(Boolean).join(' or ');
  const ok = await ctx.confirm({
    message: `Load test ${fn} on ${labels.join(', ')}: ${size}, ${p.inFlight} in flight?`,
    detail: `This sends ${size ? `up to ${size} of ` : ''}${p.background ? 'background' : 'foreground'} ${fn} jobs (${payload.length} bytes each, ${p.priority} priority) to ${servers.map((s) => `${s.label} (${s.id})`).join(', ')}. Real workers will run them. Only continue on a server meant for testing.`,
    action: 'Start Load Test',
  });
  if (!ok) throw new Error(`Not started: the load test of ${fn} on ${labels.join(', ')} was not confirmed.`);
  const limits = ctx.settings().limits;
  const run = new LoadTestRun(servers, {
    function: fn,
    payload,
    jobs: p.jobs,
    durationMs: p.durationSec !== undefined ? p.durationSec * 1000 : undefined,
    inFlight: p.inFlight,
    priority: p.priority,
    background: p.background,
    uniquePrefix: p.uniquePrefix,
    rampMs: p.rampSec ? p.rampSec * 1000 : undefined,
    timeoutMs: p.timeoutSec * 1000,
    acceptTimeoutMs: limits.acceptTimeoutMs,
    maxPacketBytes: limits.maxPacketBytes,
  });
  const request: LoadTestRequestInfo = {
    servers: servers.map((s) => s.id),
    serverLabels: labels,
    function: fn,
    payloadSize: payload.length,
    ...(payload.length <= PAYLOAD_KEPT ? { payload: payload.toString('base64') } : {}),
    jobs: p.jobs,
    durationSec: p.durationSec,
    inFlight: p.inFlight,
    priority: p.priority,
    background: p.background,
    uniquePrefix: p.uniquePrefix,
    rampSec: p.rampSec,
    timeoutSec: p.timeoutSec,
  };
  runs.set(p.runId, run);
  ctx.setNeed(`loadTest:${p.runId}`, true);
  ctx.log('info', `Load test ${p.runId}: ${fn} on ${labels.join(', ')}, ${size}, ${p.inFlight} in flight`);
  // 1.1 s, not 1 s: a busy event loop delivers a notification a few ms late, which must not put five in one second at the editor.
  const gate = new RateGate(PROGRESS_PER_SECOND, 1100);
  const tick = setInterval(() => {
    if (gate.take()) void ctx.connection.sendNotification(loadTestProgress, progressOf(p.runId, run));
  }, PROGRESS_MS);
  try {
    await run.run();
  } finally {
    clearInterval(tick);
    runs.delete(p.runId);
    ctx.setNeed(`loadTest:${p.runId}`, false);
  }
  const result = resultOf(p.runId, run, request);
  const c = result.counts;
  ctx.log(
    result.state === 'error' ? 'warn' : 'info',
    `Load test ${p.runId} ${result.state}: ${c.complete} complete, ${c.fail} fail, ${c.exception} exception, ${c.timeout} timeout, ${c.error} error of ${c.submitted} sent; p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${result.message ? `. ${result.message}` : ''}`,
  );
  await gate.wait();
  await ctx.connection.sendNotification(loadTestProgress, { ...progressOf(p.runId, run), final: result });
  return result;
}

/** At most `n` events in any `windowMs`: timers can bunch up when the event loop is busy. */
class RateGate {
  private readonly sent: number[] = [];

  constructor(
    private readonly n: number,
    private readonly windowMs: number,
  ) {}

  /** True (and counted) when one more event fits now. */
  take(now = performance.now()): boolean {
    if (this.sent.length >= this.n && now - this.sent[this.sent.length - this.n] < this.windowMs) return false;
    this.sent.push(now);
    if (this.sent.length > this.n) this.sent.shift();
    return true;
  }

  /** Resolves once one more event fits, and counts it. */
  async wait(): Promise<void> {
    while (!this.take()) await delay(this.windowMs - (performance.now() - this.sent[0]) + 1);
  }
}

/** Takes function, payload, server and options from a `.gearman` block when one is named. */
async function withBlock(ctx: ServerContext, p: ParsedLoadTest): Promise<ParsedLoadTest> {
  if (!p.block) return p;
  const { job } = await prepareBlock(ctx, { uri: p.block.uri, line: p.block.line });
  return {
    ...p,
    function: p.function ?? job.function,
    payload: p.payload ?? job.payload,
    servers: p.servers ?? (job.serverId ? [job.serverId] : undefined),
    priority: job.priority ?? p.priority,
    background: job.background ?? p.background,
  };
}

/** Resolves each server for a change: readOnly, blocked and unconfigured servers are refused by the resolver. */
async function resolveServers(ctx: ServerContext, specs: string[] | undefined): Promise<RunServer[]> {
  const out: RunServer[] = [];
  for (const spec of specs ?? [undefined]) {
    const t = await ctx.servers.resolve(spec, { purpose: 'change' });
    for (const s of t.servers)
      if (!out.some((o) => o.id === s.config.id))
        out.push({ id: s.config.id, label: s.config.name, endpoint: s.endpoint });
  }
  return out;
}
