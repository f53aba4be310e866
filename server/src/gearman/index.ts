// The Gearman library's public surface: everything outside server/src/gearman/ imports it
// from here. The library is pure (no vscode, no LSP): a client, a worker and an admin client
// over plain or TLS sockets, with the errors they raise.
export {
  AdminClient,
  type AdminClientOptions,
  type QueueLimits,
  type ListOptions,
  type Rows,
  type WorkerRows,
} from './admin';
export { commandSupported, compareVersions, serverTitle, unsupportedMessage, type AdminCommand } from './adminSupport';
export {
  listRows,
  type JobRow,
  type PriorityRow,
  type ServerVersion,
  type StatusRow,
  type WorkerRow,
} from './adminParse';
export { GearmanClient, type ClientOptions, type JobStatus, type RequestOptions, type UniqueJobStatus } from './client';
export { GearmanWorker, type RegisterOptions, type WorkerOptions } from './worker';
export { WorkFailSignal, type JobHandler, type WorkerJob } from './workerJob';
export { Job, type JobOutcome, type JobPriority, type SubmitOptions } from './job';
export { DEFAULT_PORT, endpointLabel, type Endpoint, type TlsOptions } from './endpoint';
export {
  AbortedError,
  ConnectionError,
  GearmanError,
  ProtocolError,
  ServerError,
  TimeoutError,
  UnsupportedCommandError,
} from './errors';
export { decodeName, displayName, encodeName, hasRawBytes } from './names';
