// Every custom LSP message between the extension (client) and the language server.
// Both sides import this one module, so names and payload types cannot drift apart.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ServerSnapshot } from './registry/types';
import type { PassphraseMessage } from './registry/secrets';
import type { LoadTestProgress } from './features/loadTest/types';
import type { QueueSeries } from './registry/history';
import type { FunctionLatency } from './features/queues/latency';
import type { WatchAlert } from './features/queues/watches';
import type {
  AdminParams,
  AdminResult,
  TestConnectionParams,
  TestConnectionResult,
  TrustParams,
} from './features/admin/types';
import type { ServerPatch } from './registry/delta';
import type { ViewFilter } from './registry/filter';

export type { ServerSnapshot, FunctionInfo, WorkerInfo, ServerHealth, TlsConfig } from './registry/types';

/** `host:port` (IPv6 hosts in brackets): the one formatter of an address, and the default port. */
export { endpointLabel, DEFAULT_PORT } from './gearman/endpoint';

// ---- Registry. The language server polls every configured server and keeps one ServerSnapshot
// each. A client gets them whole once (gearman/getRegistry), then only what changed
// (gearman/registryChanged): per server a ServerPatch from revision `base` to `revision`:
//   { id, base, revision,
//     set?: { field: newValue }, unset?: [field],          top-level fields (health, error, lastSeen, functionsOmitted...)
//     functions?: [FunctionInfo], functionsRemoved?: [name],  rows new or changed, whole, by name
//     workers?: [WorkerInfo], workersRemoved?: [fd] }         rows new or changed, whole, by fd
// Apply a patch only to the snapshot whose revision is `base` (applyServerPatch does, and keeps
// functions sorted by name and workers by fd, as the server does). When it does not apply (a
// missed or reordered notification, or a patch for a server not held yet), ask
// gearman/getRegistry and replace everything; patches that arrive while that request runs
// and do not apply can be dropped, since the answer includes them.
// A poll that found nothing new sends `{ id, base: r, revision: r, set: { lastSeen } }` (the
// revision stays): the time the server last answered, for "last seen" in tooltips and stale marks.
// A snapshot keeps at most gearman.explorer.maxRows functions and workers; `functionsOmitted` /
// `workersOmitted` count the rest ("N more"). Which are kept: server/src/gearman/adminRows.ts.

/** A change of the registry (server → client, gearman/registryChanged). */
export interface RegistryDelta {
  /** Servers sent whole: new, or configured anew (their revision starts again at 0). Replace what you hold. */
  servers: ServerSnapshot[];
  /** Changes of servers you hold, in order; see above. */
  patches: ServerPatch[];
  /** Ids of servers no longer configured. */
  removed: string[];
  /** True when the list was empty in settings and localhost:4730 is used. */
  usingDefault: boolean;
  /** True while the servers are polled (a view or an open file needs their data, or a standalone client); when false, snapshots are as last seen. */
  polling: boolean;
}

/** The whole registry (answer of gearman/getRegistry). */
export interface RegistryState {
  /** Every server, in settings order. */
  servers: ServerSnapshot[];
  usingDefault: boolean;
  /** As in RegistryDelta. */
  polling: boolean;
}

export type { ServerPatch, ServerFields } from './registry/delta';
/** Applies a patch to the snapshot it was made for; undefined when `prev` is another revision (then ask gearman/getRegistry). */
export { applyPatch as applyServerPatch } from './registry/delta';
/** A client's copy of the registry that applies deltas and says when to fetch the whole registry. */
export { RegistryMirror, type MirrorChange } from './registry/mirror';

/** Where a function name is used in the workspace's code (answer of gearman/functionUsages). */
export interface FunctionUsage {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** 'submit' (a client call), 'register' (a worker) or another role the call patterns name. */
  role: string;
  /** The file as the workspace names it (relative path). */
  place: string;
}

/** Client → server: every call site of a function name the index knows (submits and registrations). */
export const functionUsages = new RequestType<
  { function: string },
  { usages: FunctionUsage[]; indexing: boolean },
  void
>('gearman/functionUsages');

/** Server → client: servers were added, changed or removed. */
export const registryChanged = new NotificationType<RegistryDelta>('gearman/registryChanged');

/** Client → server: the whole registry now (when a view opens, and when a patch does not apply). */
export const getRegistry = new RequestType0<RegistryState, void>('gearman/getRegistry');

/** Client → server: the Servers view's function filter, so a server with more functions than maxRows keeps the matching ones. */
export const setViewFilter = new NotificationType<ViewFilter>('gearman/setViewFilter');
export type { ViewFilter } from './registry/filter';
/** True when a function name passes the view's filter text (as shown, without case). */
export { nameMatchesFilter } from './registry/filter';

/** Client → server: poll every server (or one) now, ignoring backoff. */
export const refreshRegistry = new RequestType<{ serverId?: string }, void, void>('gearman/refresh');

/** Client → server: whether a Gearman view is visible, so polling can stop when nobody looks. */
export const setViewVisible = new NotificationType<{ visible: boolean }>('gearman/setViewVisible');

/** A line for the "Gearman" log: connection events and admin actions. */
export interface LogEntry {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** Server → client: append to the "Gearman" log output channel. */
export const logMessage = new NotificationType<LogEntry>('gearman/log');

// ---- Jobs (submit, watch, local workers). Commands go through workspace/executeCommand:
// gearman.server.submitJob (SubmitJobParams), gearman.server.submitJobBlock (SubmitBlockParams),
// gearman.server.watchJob (WatchJobParams), gearman.server.serveLocally (ServeLocallyParams),
// gearman.server.stopLocalWorker ({ id }).

/** Arguments of `gearman.server.submitJob`. */
export interface SubmitJobParams {
  /** Chosen by the client; every event of the job carries it. */
  jobId: string;
  /** A configured server id (`host:port`) or name, or `all` (failover in settings order). Default: the first configured server. */
  serverId?: string;
  function: string;
  /** Payload bytes, base64. */
  payload: string;
  /**
   * Instead of `payload`: an absolute path the user chose in the editor's own file dialog; the
   * server reads it (regular files only, at most gearman.jobs.maxPayloadFileMiB).
   */
  payloadFile?: string;
  priority?: 'high' | 'normal' | 'low';
  background?: boolean;
  unique?: string;
  /** Unix seconds (SUBMIT_JOB_EPOCH). */
  epoch?: number;
  /** Stop waiting after this many seconds (0: no limit). Default: gearman.jobs.timeout. */
  timeoutSec?: number;
  /** When given, the server also reports standard `$/progress` (window/workDoneProgress) on this token. */
  workDoneToken?: string | number;
}

/**
 * Arguments of `gearman.server.submitJobBlock`: the block of an open `.gearman` document that
 * holds `line`. The server reads the block and its `@file`, applies the job-file rules (a
 * server that is not configured and a file outside the workspace are asked about first, and
 * refused in an untrusted workspace), and submits it `repeat` times; every job's events say
 * what was sent (`submitted` carries `request`).
 */
export interface SubmitBlockParams {
  uri: string;
  /** A line inside the block (0-based). */
  line: number;
  /** Overrides the block's `repeat:` header. */
  repeat?: number;
  /** Job ids are `${jobId}` for the first job and `${jobId}.${i}` for repeats (i from 1). Default: generated. */
  jobId?: string;
  workDoneToken?: string | number;
}

/** How a submitted job ended, as `gearman.server.submitJob` answers. The result bytes are in the job's last event. */
export interface JobResult {
  jobId: string;
  status: 'complete' | 'fail' | 'exception' | 'queued' | 'cancelled';
  handle?: string;
  /** `host:port` of the server that took the job. */
  server?: string;
  /** WORK_COMPLETE / WORK_EXCEPTION size in bytes. */
  size?: number;
}

/** Answer of `gearman.server.submitJobBlock`: the jobs started and how each ended. */
export interface SubmitBlockResult {
  jobIds: string[];
  request: JobRequestInfo & { repeat: number };
  /** How each job ended; a job that could not be submitted has status `error`. */
  results: (JobResult | { jobId: string; status: 'error'; message: string })[];
}

/** What was submitted, as events carry it for jobs the server started itself (job-file blocks). */
export type JobRequestInfo = Omit<SubmitJobParams, 'jobId' | 'workDoneToken' | 'payload'> & {
  /** Payload bytes, base64: absent when larger than PAYLOAD_ECHO_LIMIT (then only `payloadSize` is known). */
  payload?: string;
  payloadSize: number;
};

/** Payloads up to this size travel back with the `submitted` event (for history and "run again"). */
export const PAYLOAD_ECHO_LIMIT = 256 * 1024;

/** One WORK_DATA or WORK_WARNING chunk as the editor is shown it. */
export interface OutputChunk {
  /** The chunk's first bytes (at most 16 KiB), base64. */
  data: string;
  /** The chunk's full size in bytes. */
  size: number;
}

/** What happened to a job; `at` is epoch ms. Bytes are base64. */
export interface JobEvent {
  jobId: string;
  kind:
    | 'submitted'
    | 'created'
    | 'data'
    | 'warning'
    | 'status'
    | 'complete'
    | 'fail'
    | 'exception'
    | 'queued'
    | 'error'
    | 'cancelled'
    | 'watch'
    | 'gone';
  at: number;
  handle?: string;
  server?: string;
  /** For `complete` and `exception`: the result, cut to its first MiB (`size` tells whether it was cut). */
  data?: string;
  /** For `complete` and `exception`: the result's full size in bytes. */
  size?: number;
  /** For `data` and `warning`: the newest chunks since the job's last such event. */
  chunks?: OutputChunk[];
  /** For `data` and `warning`: chunks that arrived before those in `chunks` in the same batch but are not in it (kept for gearman/saveJobOutput). */
  skipped?: number;
  /** For `data` and `warning`: the full size in bytes of the `skipped` chunks. */
  skippedBytes?: number;
  numerator?: number;
  denominator?: number;
  /** For `watch`: the server knows the job / a worker runs it. */
  known?: boolean;
  running?: boolean;
  /** For `error` and `cancelled`: what went wrong, in words a user can act on. */
  message?: string;
  /** For `submitted` (and an `error` before it) of a job the server started: what is sent. */
  request?: JobRequestInfo;
}

/** Server → client: job events in arrival order, batched (at most ten notifications a second). */
export const jobEvents = new NotificationType<{ events: JobEvent[] }>('gearman/jobEvents');

/** Params of `gearman/saveJobOutput`: write what a job sent (all of it that was kept) to a file. */
export interface SaveJobOutputParams {
  jobId: string;
  part: 'data' | 'warnings' | 'result';
  /** Absolute path of the file to write (chosen by the user). */
  path: string;
}

/** Client → server: saves a job's WORK_DATA, warnings or result; answers the bytes written and those over gearman.jobs.maxOutputMiB. */
export const saveJobOutput = new RequestType<SaveJobOutputParams, { bytes: number; dropped: number }, void>(
  'gearman/saveJobOutput',
);

/** Client → server: stop waiting for (or watching) a job. A running job cannot be killed through Gearman. */
export const cancelJob = new RequestType<{ jobId: string }, { cancelled: boolean }, void>('gearman/cancelJob');

/** Arguments of `gearman.server.watchJob`: poll GET_STATUS (or GET_STATUS_UNIQUE) until the server no longer knows the job. */
export interface WatchJobParams {
  jobId: string;
  /** Server id, name or `host:port` that holds the job. */
  serverId: string;
  handle?: string;
  unique?: string;
  intervalMs?: number;
}

/** Arguments of `gearman.server.serveLocally`. */
export interface ServeLocallyParams {
  serverId: string;
  function: string;
  /** `echo` answers the payload; `command` runs a shell command with the payload on stdin. */
  mode: 'echo' | { command: string };
}

/** A worker the language server runs for the user. */
export interface LocalWorkerInfo {
  id: string;
  serverId: string;
  function: string;
  /** `echo`, or the shell command. */
  mode: string;
  connected: boolean;
  jobs: number;
  lastError?: string;
}

/** Server → client: the local workers now running (sent on every change). */
export const localWorkersChanged = new NotificationType<{ workers: LocalWorkerInfo[] }>('gearman/localWorkers');

export type * from './features/admin/types';

/** Client → server: run an admin action (show jobs, cancel, maxqueue, create/drop function, info) on one configured server. */
export const adminRequest = new RequestType<AdminParams, AdminResult, void>('gearman/admin');

/** Client → server: try a server that is not saved yet (Add/Edit Server); answers what responded or why nothing did. */
export const testConnection = new RequestType<TestConnectionParams, TestConnectionResult, void>(
  'gearman/testConnection',
);

/** Client → server: workspace trust and the user/workspace sources of `gearman.servers` (also sent in initializationOptions.trust). */
export const setTrust = new NotificationType<TrustParams>('gearman/trust');

/**
 * A TLS key passphrase crossing LSP: `sealed` with the session key the client put in the
 * server's environment (GEARMAN_SEAL_KEY), so LSP tracing never logs it; other editors may
 * send it `passphrase` in plain text. Neither is ever stored in settings.
 */
export type { PassphraseMessage } from './registry/secrets';

/** Client → server: the TLS key passphrase of a server, from SecretStorage (nothing in it forgets it). */
export const setPassphrase = new NotificationType<{ serverId: string } & PassphraseMessage>('gearman/setPassphrase');

/** Server → client: the passphrase of a server whose key file needs one (answer null when there is none). */
export const getPassphrase = new RequestType<{ serverId: string }, PassphraseMessage | null, void>(
  'gearman/getPassphrase',
);

/** Seals a passphrase for the server (client side), see PassphraseMessage. */
export { seal, newSealKey, SEAL_KEY_ENV } from './registry/secrets';

/** A question the server needs answered before it goes on. */
export interface ConfirmParams {
  /** One line: what is about to happen. */
  message: string;
  /** Why it asks, naming the file, the server and where the request came from. */
  detail: string;
  /** Label of the button that goes ahead; anything else declines. */
  action: string;
}

/** Server → client: ask the user in a modal dialog; answers true only when `action` was chosen. */
export const confirm = new RequestType<ConfirmParams, boolean, void>('gearman/confirm');

/** Text from outside made inert for labels, markdown and the webview: one sanitiser, both sides. */
export { inert, markdownText, codeSpan, hasHiddenCharacters, safeFileName, MAX_LABEL } from './text/inert';

// ---- Load tests (features/loadTest): started with workspace/executeCommand
// gearman.server.loadTest (LoadTestParams), answered with the LoadTestResult when the run ends.
export type * from './features/loadTest/types';

/** Server → client: a run's live counts, at most four a second, and its result on the last one (`final`). */
export const loadTestProgress = new NotificationType<LoadTestProgress>('gearman/loadTestProgress');

/** Client → server: stop submitting now; answers the jobs sent and still in flight (those are waited for a few seconds). */
export const loadTestStop = new RequestType<
  { runId: string },
  { stopped: boolean; submitted: number; inFlight: number },
  void
>('gearman/loadTestStop');

/** A load test result as CSV (summary, per server, per second, latency bins, first errors), for export. */
export { resultCsv as loadTestCsv } from './features/loadTest/result';

// ---- Queues over time (registry/history.ts), queue latency and watches (features/queues).
export type { QueueSeries } from './registry/history';
export type { FunctionLatency } from './features/queues/latency';
export type { WatchAlert } from './features/queues/watches';

/** Client → server: a server's totals (no `function`) or one function's queue over the last `rangeSec`, with its queue latency. */
export const queueHistory = new RequestType<
  { serverId: string; function?: string; rangeSec: number },
  QueueSeries & { latency?: FunctionLatency },
  void
>('gearman/queueHistory');

/** What a server dashboard shows. */
export interface DashboardData {
  serverId: string;
  name: string;
  health: ServerSnapshot['health'];
  /** Total queued, running and worker connections. */
  totals: QueueSeries;
  /** The functions with the longest queues in the range, longest first, with their series. */
  top: { name: string; maxQueued: number; series: QueueSeries }[];
  /** Queue latency per function with jobs waiting (empty when the server cannot list jobs). */
  latency: FunctionLatency[];
  /** Why latency is missing, when it is. */
  latencyNote?: string;
  /** The history's bound, in words. */
  bound: string;
}

/** Client → server: what the dashboard of one server shows for the last `rangeSec`. */
export const dashboard = new RequestType<{ serverId: string; rangeSec: number }, DashboardData, void>(
  'gearman/dashboard',
);

/** Server → client: a watch fired (`active`) or its function recovered. Sent once per episode each way. */
export const watchAlert = new NotificationType<{ alert: WatchAlert; active: boolean }>('gearman/watchAlert');

/** Client → server: the watch episodes open now (for the status bar after a restart). */
export const activeWatchAlerts = new RequestType0<WatchAlert[], void>('gearman/activeWatchAlerts');
