// The shapes of a load test on the wire: what the editor asks for, the live counts, and the
// result. Plain data (protocol.ts re-exports them), so the client and other editors share them.

/** Arguments of `gearman.server.loadTest`. */
export interface LoadTestParams {
  /** Chosen by the client; progress and stop name it. Default: generated. */
  runId?: string;
  /** Configured servers (id or name); jobs are spread over them in turn, one connection each. Default: the first configured server. */
  servers?: string[];
  /** The function to load; with `block`, taken from the block. */
  function?: string;
  /** Payload bytes, base64 (default empty). */
  payload?: string;
  /** Or: an absolute path the language server reads the payload from (regular files, at most gearman.jobs.maxPayloadFileMiB). */
  payloadFile?: string;
  /** Take function, payload, server and options from the `.gearman` block holding this line instead. */
  block?: { uri: string; line: number };
  /** Stop after this many jobs (default 1000 when no duration is given). */
  jobs?: number;
  /** Stop submitting after this many seconds. With `jobs` too, whichever comes first. */
  durationSec?: number;
  /** Jobs kept in flight over all servers (default 16). */
  inFlight?: number;
  priority?: 'high' | 'normal' | 'low';
  /** Background jobs: a job counts as done when the server queued it. */
  background?: boolean;
  /** When set, job i gets the unique id `${uniquePrefix}${i}`. */
  uniquePrefix?: string;
  /** Seconds over which the jobs in flight grow from 1 to `inFlight`. */
  rampSec?: number;
  /** Seconds a job may take before it counts as a timeout (default 30; 0: no limit). */
  timeoutSec?: number;
}

/** What a run did, counted. */
export interface LoadTestCounts {
  /** Jobs sent. */
  submitted: number;
  /** WORK_COMPLETE (foreground) or JOB_CREATED (background). */
  complete: number;
  fail: number;
  exception: number;
  /** No answer within the job's timeout (or not accepted within gearman.jobs.acceptTimeout). */
  timeout: number;
  /** Refused, lost connection, or stopped waiting after Stop. */
  error: number;
}

/** Latency of finished jobs, in milliseconds (HdrHistogram, 3 significant digits). */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Bins for a histogram chart: [fromMs, toMs) and how many jobs took that long. */
  bins: { from: number; to: number; count: number }[];
}

/** A slice of a run (a second while it runs; in the result, a slice sized so a run has at most 600): jobs that ended in it. */
export interface ThroughputPoint {
  /** Seconds since the run started, at the slice's start. */
  t: number;
  /** Jobs that ended in the slice. */
  jobs: number;
  /** Those jobs per second of the slice (of the part of it the run lasted). */
  perSec: number;
  /** Their mean latency, ms. */
  meanMs: number;
}

/** One of the first errors of a run. */
export interface LoadTestError {
  /** Milliseconds since the run started. */
  at: number;
  kind: 'fail' | 'exception' | 'timeout' | 'error';
  server: string;
  message: string;
}

/** How the run was asked for, as the result repeats it (payload only when small). */
export interface LoadTestRequestInfo {
  servers: string[];
  /** Labels of the servers, for display. */
  serverLabels: string[];
  function: string;
  /** Payload, base64, when at most 64 KiB (to run it again); its size always. */
  payload?: string;
  payloadSize: number;
  jobs?: number;
  durationSec?: number;
  inFlight: number;
  priority: 'high' | 'normal' | 'low';
  background: boolean;
  uniquePrefix?: string;
  rampSec?: number;
  timeoutSec: number;
}

/** Server → client, at most four a second while a run lasts, and once when it ends (`final`). */
export interface LoadTestProgress {
  runId: string;
  state: 'running' | 'stopping' | 'done' | 'stopped' | 'error';
  elapsedMs: number;
  counts: LoadTestCounts;
  inFlight: number;
  /** Jobs that ended in the last whole second. */
  jobsPerSec: number;
  /** Seconds completed since the previous progress of this run. */
  points: ThroughputPoint[];
  /** The whole result, on the last progress of a run. */
  final?: LoadTestResult;
}

/** A finished run. */
export interface LoadTestResult {
  runId: string;
  request: LoadTestRequestInfo;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  state: 'done' | 'stopped' | 'error';
  /** Why it ended early, in words. */
  message?: string;
  counts: LoadTestCounts;
  /** Jobs in flight when Stop was pressed (they were then waited for, for a few seconds). */
  inFlightAtStop?: number;
  /** Jobs sent when Stop was pressed. */
  submittedAtStop?: number;
  latency: LatencySummary;
  throughput: ThroughputPoint[];
  perServer: { server: string; label: string; counts: LoadTestCounts; latency: LatencySummary }[];
  /** The first few errors (at most 10); `errorsNotShown` counts the rest. */
  firstErrors: LoadTestError[];
  errorsNotShown: number;
}
