// Plain data the registry keeps per server, shared by the server's features and (through
// protocol.ts) by the client's views. No behaviour here.

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
}

/** TLS settings of a server entry. */
export interface TlsConfig {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  servername?: string;
  insecureSkipVerify?: boolean;
}

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
}

/** One connection as `workers` reports it. */
export interface WorkerInfo {
  fd: string;
  address: string;
  clientId: string;
  functions: string[];
}

/** What the registry knows about one server. */
export interface ServerSnapshot {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
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
  functions: FunctionInfo[];
  /** Worker connections (admin and client connections without functions are left out). */
  workers: WorkerInfo[];
  /** Epoch ms since when each function has had no worker, for functions that had one before. */
  workerlessSince?: Record<string, number>;
  /** Increases whenever anything in this snapshot changes. */
  revision: number;
}
