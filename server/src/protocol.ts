// Every custom LSP message between the extension (client) and the language server.
// Both sides import this one module, so names and payload types cannot drift apart.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ServerSnapshot } from './registry/types';

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
