// Payloads of the admin messages in protocol.ts (plain data, shared with the client).
import type { PassphraseMessage } from '../../registry/secrets';
import type { TlsConfig } from '../../registry/types';
import type { AdminAction } from './actions';

export type { AdminAction } from './actions';
export type { AdminErrorData } from './actions/action';

/** What a job row shows. `cancelled` is gearmand 1.1.x's "ignored": still listed until a worker discards it. */
export type JobState = 'queued' | 'running' | 'cancelled';

/** One job on a server, as far as the admin protocol can tell. */
export interface JobEntry {
  /** Job handle (gearmand). Perl Gearman::Server lists no handles. */
  handle?: string;
  /** Unique id, when it could be tied to this job (always on Perl). */
  unique?: string;
  /** The job's function, when it is certain. */
  function?: string;
  /** Functions the job may belong to when `function` is not certain (from status counts). */
  candidates?: string[];
  state: JobState;
  /** `show jobs` retries count (gearmand). */
  retries?: number;
  /** Progress from GET_STATUS, when a worker reported any. */
  progress?: { numerator: number; denominator: number };
  /** Foreground clients waiting (GET_STATUS_UNIQUE on gearmand, `jobs` listeners on Perl). */
  waitingClients?: number;
  /** Address of the worker running it (Perl). */
  worker?: string;
}

/** Every job of one server, read by `show jobs` + `show unique jobs` (gearmand) or `jobs` (Perl). */
export interface JobListing {
  serverId: string;
  jobs: JobEntry[];
  /** Every unique id the server listed (gearmand `show unique jobs`). */
  uniques: string[];
  /** Unique ids that could not be tied to a handle. */
  unmatchedUniques: string[];
  /** How handles, uniques and functions were matched, and what could not be: shown to the user. */
  matching: string;
  /** True when the server held more jobs than are listed. */
  truncated: boolean;
  readAt: number;
}

/** Version, pid and log level of a server. */
export interface ServerInfo {
  kind: 'gearmand' | 'perl' | 'unknown';
  version: string;
  pid?: number;
  verbose?: string;
  /** Commands this server does not answer (shown so the user knows why items are missing). */
  unsupported: string[];
}

/** Queue limits: one for all priorities, or one per priority (gearmand only). 0 = unlimited. */
export type MaxQueueLimit = number | { high: number; normal: number; low: number };

/** Params of `gearman/admin`. */
export interface AdminParams {
  serverId: string;
  action: AdminAction;
}

/** Outcome of one cancelled handle. */
export interface CancelOutcome {
  handle: string;
  ok: boolean;
  /** What happened, in words: includes gearmand 1.1.x's "still listed as ignored". */
  message: string;
  /** After the cancel the server still lists the job, marked ignored. */
  stillListed?: boolean;
}

/**
 * Result of `gearman/admin`. A refused or failed action is not a result: the request fails
 * with a ResponseError whose message says why and whose data is an AdminErrorData.
 */
export interface AdminResult {
  /** False only when some of the jobs to cancel were not cancelled (see `cancelled`). */
  ok: boolean;
  message: string;
  info?: ServerInfo;
  jobs?: JobListing;
  cancelled?: CancelOutcome[];
}

/** Params of `gearman/testConnection`: a server not (yet) in settings, with its key passphrase (sealed) if any. */
export interface TestConnectionParams extends PassphraseMessage {
  host: string;
  port: number;
  tls?: TlsConfig | boolean;
}

/** Result of `gearman/testConnection`. */
export interface TestConnectionResult {
  ok: boolean;
  /** On failure: why, in words; on success: a one-line summary. */
  message: string;
  kind?: 'gearmand' | 'perl' | 'unknown';
  version?: string;
  functions?: number;
  workers?: number;
}

/** Params of `gearman/trust`: workspace trust and where `gearman.servers` entries come from. */
export interface TrustParams {
  trusted: boolean;
  /** `gearman.servers` from user settings (inspect().globalValue). */
  user?: unknown;
  /** `gearman.servers` from workspace settings (inspect().workspaceValue). */
  workspace?: unknown;
}
