// Plain data the registry keeps per server, shared by the server's features and (through
// protocol.ts) by the client's views. No behaviour here.
import type { TlsOptions } from '../gearman';

/** A configured gearmand, as the user wrote it in `gearman.servers` (after defaults). */
export interface ServerConfig {
  /** Stable id: `host:port` (unique per registry). */
  id: string;
  /** Display name: the configured `name`, else `host:port`. */
  name: string;
  host: string;
  port: number;
  tls?: TlsConfig;
  /** Where the entry came from: user settings, workspace settings, or the built-in default. */
  source: 'user' | 'workspace' | 'default';
  /** Set when the server must not be contacted (workspace entry in an untrusted workspace): the reason, in words. */
  blocked?: string;
  /** Refuse every action that changes the server (admin changes, load tests): for production servers. */
  readOnly?: boolean;
}

/** TLS settings of a server entry: the library's options without the passphrase, which never sits in settings. */
export type TlsConfig = Omit<TlsOptions, 'passphrase'>;

/** How a server is doing, as the last poll saw it. */
export type ServerHealth = 'unknown' | 'up' | 'down' | 'blocked';

/** One function as `status` (and `prioritystatus`) reports it. */
export interface FunctionInfo {
  name: string;
  /** Jobs waiting for a worker (total - running). */
  queued: number;
  running: number;
  /** Workers that registered the function. */
  workers: number;
  /** Queued jobs per priority, when the server answers `prioritystatus`. */
  priority?: { high: number; normal: number; low: number };
  /** Epoch ms since when the function has had no worker (set while `workers` is 0). */
  workerlessSince?: number;
}

/** One connection as `workers` reports it. */
export interface WorkerInfo {
  fd: string;
  address: string;
  clientId: string;
  functions: string[];
  /** Functions the worker registered beyond those kept (gearman.explorer.maxRows); absent when none. */
  functionsOmitted?: number;
}

/** What the registry knows about one server. */
export interface ServerSnapshot {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  /** TLS with certificate checks switched off (insecureSkipVerify): shown on the row. */
  tlsUnverified?: boolean;
  /** Marked readOnly in settings: nothing that changes it is offered. */
  readOnly?: boolean;
  /** Admin actions offered for this server, as their modules announce them (server/src/features/admin/actions/); empty until its kind is known. */
  actions: string[];
  source: ServerConfig['source'];
  health: ServerHealth;
  /** Why the server is down or blocked, in words a user can act on. */
  error?: string;
  /** Epoch ms of the last successful poll. */
  lastSeen?: number;
  /** Epoch ms of the last poll attempt. */
  lastPolled?: number;
  kind?: 'gearmand' | 'perl' | 'unknown';
  version?: string;
  /**
   * Functions kept from the last poll, sorted by name: at most gearman.explorer.maxRows, those with
   * jobs or workers first (server/src/gearman/adminRows.ts says which).
   */
  functions: FunctionInfo[];
  /** Functions the server listed beyond those kept; absent when none. */
  functionsOmitted?: number;
  /** Worker connections, sorted by fd (admin and client connections without functions are left out). */
  workers: WorkerInfo[];
  /** Workers the server listed beyond those kept; absent when none. */
  workersOmitted?: number;
  /** Increases by one whenever anything in this snapshot changes (a ServerPatch goes from one revision to the next). */
  revision: number;
}
