// One load test run on the project's own client: one GearmanClient (one connection, jobs
// pipelined on it) per server, jobs handed to the servers in turn, `inFlight` kept in flight
// (growing from 1 during a ramp). Stop ends submitting at once; jobs still in flight are waited
// for a few seconds, then abandoned. No LSP here: the feature wraps it.
import { GearmanClient, type Endpoint, ConnectionError, TimeoutError, type Job, type JobOutcome } from '../../gearman';
import { emptyCounts, LatencyRecorder, Throughput } from './stats';
import type { LoadTestCounts, LoadTestError } from './types';

/** A server the run uses, already resolved (trust and readOnly checked). */
export interface RunServer {
  id: string;
  label: string;
  endpoint: Endpoint;
}

/** What to run, validated. */
export interface RunSpec {
  function: string;
  payload: Buffer;
  /** Stop after this many jobs (undefined: only the duration bounds the run). */
  jobs?: number;
  durationMs?: number;
  inFlight: number;
  priority: 'high' | 'normal' | 'low';
  background: boolean;
  uniquePrefix?: string;
  rampMs?: number;
  /** 0: no limit. */
  timeoutMs: number;
  acceptTimeoutMs: number;
  maxPacketBytes: number;
}

/** Jobs in flight at Stop are waited for this long, then abandoned (counted as errors). */
export const STOP_GRACE_MS = 5000;
/** Errors kept word for word; the rest are counted. */
export const MAX_ERRORS = 10;
/** How often jobs in flight are checked against the timeouts. */
const SWEEP_MS = 250;

/** A job in flight. */
interface Flight {
  job: Job;
  start: number;
  s: ServerStats;
  /** Set when the sweep gave up on it. */
  timedOut?: string;
}

/** Per-server state of a run. */
export interface ServerStats {
  server: RunServer;
  counts: LoadTestCounts;
  latency: LatencyRecorder;
}

/** Live numbers of a run. */
export interface RunState {
  phase: 'running' | 'stopping' | 'done' | 'stopped' | 'error';
  elapsedMs: number;
  counts: LoadTestCounts;
  inFlight: number;
}

/** A load test in progress. */
export class LoadTestRun {
  readonly counts = emptyCounts();
  readonly latency = new LatencyRecorder();
  readonly throughput = new Throughput();
  readonly perServer: (ServerStats & { client: GearmanClient })[];
  readonly errors: LoadTestError[] = [];
  errorsNotShown = 0;
  startedAt = 0;
  endedAt = 0;
  message: string | undefined;
  inFlightAtStop: number | undefined;
  submittedAtStop: number | undefined;
  /** Called with each finished job's latency in µs (tests compare it with the histogram). */
  onLatency: ((us: number, server: string) => void) | undefined;
  private t0 = 0;
  private inFlight = 0;
  private phase: RunState['phase'] = 'running';
  /** Set once jobs still in flight were given up on (clients closed). */
  private abandoned = false;
  private timers: NodeJS.Timeout[] = [];
  // Timeouts are checked by one sweep over the jobs in flight, not by two timers per job: at 64 in flight those showed in the throughput.
  private readonly flights = new Set<Flight>();
  private finished!: () => void;
  private readonly done = new Promise<void>((r) => {
    this.finished = r;
  });

  constructor(
    servers: RunServer[],
    private readonly spec: RunSpec,
  ) {
    // With one server its latencies are the run's: recorded once.
    this.perServer = servers.map((server) => ({
      server,
      counts: emptyCounts(),
      latency: servers.length === 1 ? this.latency : new LatencyRecorder(),
      client: new GearmanClient(server.endpoint, { connectTimeoutMs: 5000, maxPacketSize: spec.maxPacketBytes }),
    }));
  }

  /** Starts submitting; resolves when every job has ended (or was abandoned after Stop). */
  run(): Promise<void> {
    this.startedAt = Date.now();
    this.t0 = performance.now();
    const { durationMs, rampMs } = this.spec;
    if (durationMs !== undefined) this.timers.push(setTimeout(() => this.launch(), durationMs + 1));
    // The ramp raises the limit with time, not only as jobs end.
    if (rampMs) this.timers.push(setInterval(() => this.launch(), Math.max(50, Math.min(250, rampMs / 20))));
    this.timers.push(setInterval(() => this.sweep(), SWEEP_MS));
    this.launch();
    return this.done;
  }

  /** Stops submitting now; answers how many jobs were sent and how many are still in flight. */
  stop(reason = 'Stopped by the user.'): { submitted: number; inFlight: number } {
    if (this.phase === 'running') {
      this.phase = 'stopping';
      this.message ??= reason;
      this.inFlightAtStop = this.inFlight;
      this.submittedAtStop = this.counts.submitted;
      this.timers.push(setTimeout(() => this.abandon(), STOP_GRACE_MS));
      this.launch();
    }
    return { submitted: this.counts.submitted, inFlight: this.inFlight };
  }

  /** Stops submitting and gives up on the jobs in flight at once (the language server is shutting down). */
  end(reason: string): Promise<void> {
    this.stop(reason);
    this.abandon();
    return this.done;
  }

  /** Milliseconds since the start. */
  elapsed(): number {
    return this.t0 ? performance.now() - this.t0 : 0;
  }

  /** The live numbers. */
  state(): RunState {
    return { phase: this.phase, elapsedMs: this.elapsed(), counts: { ...this.counts }, inFlight: this.inFlight };
  }

  private more(): boolean {
    if (this.phase !== 'running') return false;
    if (this.spec.jobs !== undefined && this.counts.submitted >= this.spec.jobs) return false;
    return this.spec.durationMs === undefined || this.elapsed() < this.spec.durationMs;
  }

  private limit(): number {
    const { inFlight, rampMs } = this.spec;
    if (!rampMs) return inFlight;
    return Math.max(1, Math.min(inFlight, Math.ceil((inFlight * this.elapsed()) / rampMs)));
  }

  private launch(): void {
    const limit = this.limit();
    const n = this.perServer.length;
    const { function: fn, payload, priority, background, uniquePrefix } = this.spec;
    while (this.inFlight < limit && this.more()) {
      const i = this.counts.submitted;
      const s = this.perServer[i % n];
      let job: Job;
      try {
        job = s.client.submit(fn, payload, {
          priority,
          background,
          unique: uniquePrefix !== undefined ? `${uniquePrefix}${i}` : undefined,
        });
      } catch (e) {
        // A submit the library refuses locally (a unique id too long) would be refused every time.
        this.fatal(`Not sent: ${(e as Error).message}`);
        break;
      }
      this.counts.submitted++;
      s.counts.submitted++;
      this.inFlight++;
      const f: Flight = { job, start: performance.now(), s };
      this.flights.add(f);
      job.result.then(
        (o) => this.onOutcome(f, o),
        (e: unknown) => this.onError(f, e),
      );
    }
    if (this.inFlight === 0 && !this.more()) this.finish();
  }

  /** Gives up on jobs past their timeout: not accepted within acceptTimeoutMs, or no result within timeoutMs. */
  private sweep(): void {
    const now = performance.now();
    const { timeoutMs, acceptTimeoutMs } = this.spec;
    for (const f of this.flights) {
      if (f.timedOut) continue;
      const age = now - f.start;
      if (f.job.handle === undefined && age > acceptTimeoutMs)
        f.timedOut = `Not accepted by ${f.s.server.label} within ${acceptTimeoutMs / 1000} s (no JOB_CREATED): the server is hung or overloaded.`;
      else if (timeoutMs > 0 && age > timeoutMs)
        f.timedOut = `No result from ${f.s.server.label} within ${timeoutMs / 1000} s${f.job.handle ? ` (handle ${f.job.handle}; it may still run there)` : ''}.`;
      if (f.timedOut) f.job.cancel('timed out');
    }
  }

  private onOutcome(f: Flight, o: JobOutcome): void {
    this.flights.delete(f);
    const s = f.s;
    const now = performance.now();
    const us = (now - f.start) * 1000;
    const kind = o.status === 'fail' ? 'fail' : o.status === 'exception' ? 'exception' : 'complete';
    this.counts[kind]++;
    s.counts[kind]++;
    this.latency.record(us);
    if (s.latency !== this.latency) s.latency.record(us);
    this.throughput.record(now - this.t0, us / 1000);
    this.onLatency?.(us, s.server.id);
    if (kind === 'fail') this.noteError('fail', s, 'The worker sent WORK_FAIL.');
    if (o.status === 'exception')
      this.noteError('exception', s, `WORK_EXCEPTION: ${o.data.subarray(0, 200).toString('utf8')}`);
    this.jobEnded();
  }

  private onError(f: Flight, e: unknown): void {
    this.flights.delete(f);
    const s = f.s;
    const err = e instanceof Error ? e : new Error(String(e));
    const kind = f.timedOut || err instanceof TimeoutError ? 'timeout' : 'error';
    this.counts[kind]++;
    s.counts[kind]++;
    this.noteError(
      kind,
      s,
      f.timedOut ?? (this.abandoned ? `Given up on when the run ended: ${err.message}` : err.message),
    );
    // A server that cannot be reached fails every job: end the run rather than spin through them.
    if (!this.abandoned && err instanceof ConnectionError) this.fatal(`${s.server.label}: ${err.message}`);
    this.jobEnded();
  }

  private noteError(kind: LoadTestError['kind'], s: ServerStats, message: string): void {
    if (this.errors.length < MAX_ERRORS)
      this.errors.push({ at: Math.round(this.elapsed()), kind, server: s.server.label, message });
    else this.errorsNotShown++;
  }

  private fatal(message: string): void {
    if (this.phase === 'error') return;
    const wasRunning = this.phase === 'running';
    this.phase = 'error';
    this.message = message;
    if (wasRunning) {
      this.inFlightAtStop = this.inFlight;
      this.submittedAtStop = this.counts.submitted;
    }
    this.abandon();
  }

  // Closing the clients fails the jobs still waiting (one listener per job on an abort signal cost too much at 64 in flight).
  private abandon(): void {
    this.abandoned = true;
    for (const s of this.perServer) s.client.close();
  }

  private jobEnded(): void {
    this.inFlight--;
    this.launch();
  }

  private finish(): void {
    if (this.endedAt) return;
    this.endedAt = Date.now();
    if (this.phase === 'running') this.phase = 'done';
    else if (this.phase === 'stopping') this.phase = 'stopped';
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.perServer) s.client.close();
    this.finished();
  }
}
