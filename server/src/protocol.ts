// Every custom LSP message between the extension (client) and the language server.
// Both sides import this one module, so names and payload types cannot drift apart.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ServerSnapshot } from './registry/types';
import type { AdminParams, AdminResult, TestConnectionParams, TestConnectionResult, TrustParams } from './features/admin/types';

export type { ServerSnapshot, FunctionInfo, WorkerInfo, ServerHealth } from './registry/types';

/** The registry's servers after a change: the changed snapshots in full, and removed ids. */
export interface RegistryDelta {
  /** Snapshots that are new or changed since the last delta. */
  changed: ServerSnapshot[];
  /** Ids of servers no longer configured. */
  removed: string[];
  /** True when the list was empty in settings and localhost:4730 is used. */
  usingDefault: boolean;
}

/** Server → client: servers were added, changed or removed. */
export const registryChanged = new NotificationType<RegistryDelta>('gearman/registryChanged');

/** Client → server: the whole registry now (used when a view opens). */
export const getRegistry = new RequestType0<{ servers: ServerSnapshot[]; usingDefault: boolean }, void>('gearman/getRegistry');

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
  priority?: 'high' | 'normal' | 'low';
  background?: boolean;
  unique?: string;
  /** Unix seconds (SUBMIT_JOB_EPOCH). */
  epoch?: number;
  /** Stop waiting after this many seconds. */
  timeoutSec?: number;
  /** When given, the server also reports standard `$/progress` (window/workDoneProgress) on this token. */
  workDoneToken?: string | number;
}

/** Arguments of `gearman.server.submitJobBlock`: a block of an open `.gearman` document. */
export interface SubmitBlockParams {
  uri: string;
  blockIndex: number;
  /** Overrides the block's `repeat:` header. */
  repeat?: number;
  /** Job ids are `${jobId}` for the first job and `${jobId}.${i}` for repeats (i from 1). Default: generated. */
  jobId?: string;
  /** Only read the block (and its @file) and answer the request; submit nothing. */
  resolveOnly?: boolean;
  workDoneToken?: string | number;
}

/** How a submitted job ended, as `gearman.server.submitJob` answers. */
export interface JobResult {
  jobId: string;
  status: 'complete' | 'fail' | 'exception' | 'queued' | 'cancelled';
  handle?: string;
  /** `host:port` of the server that took the job. */
  server?: string;
  /** WORK_COMPLETE / WORK_EXCEPTION bytes, base64. */
  data?: string;
}

/** Answer of `gearman.server.submitJobBlock`: the jobs started and what they send. */
export interface SubmitBlockResult {
  jobIds: string[];
  request: Omit<SubmitJobParams, 'jobId' | 'workDoneToken'> & { repeat: number };
  /** How each job ended (absent with resolveOnly); a job that could not be submitted has status `error`. */
  results?: (JobResult | { jobId: string; status: 'error'; message: string })[];
}

/** What happened to a job; `at` is epoch ms. Data is base64. */
export interface JobEvent {
  jobId: string;
  kind: 'submitted' | 'created' | 'data' | 'warning' | 'status' | 'complete' | 'fail' | 'exception' | 'queued' | 'error' | 'cancelled' | 'watch' | 'gone';
  at: number;
  handle?: string;
  server?: string;
  data?: string;
  numerator?: number;
  denominator?: number;
  /** For `watch`: the server knows the job / a worker runs it. */
  known?: boolean;
  running?: boolean;
  /** For `error` and `cancelled`: what went wrong, in words a user can act on. */
  message?: string;
}

/** Server → client: one event of a submitted or watched job, in arrival order. */
export const jobEvent = new NotificationType<JobEvent>('gearman/jobEvent');

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
export const testConnection = new RequestType<TestConnectionParams, TestConnectionResult, void>('gearman/testConnection');

/** Client → server: workspace trust and the user/workspace sources of `gearman.servers` (also sent in initializationOptions.trust). */
export const setTrust = new NotificationType<TrustParams>('gearman/trust');

/** Client → server: the TLS key passphrase of a server, from SecretStorage (undefined forgets it). Never stored in settings. */
export const setPassphrase = new NotificationType<{ serverId: string; passphrase?: string }>('gearman/setPassphrase');
