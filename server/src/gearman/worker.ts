// A Gearman worker: registers handlers and runs jobs from every configured server.
// Concurrency is `concurrency` connections per server, each running one job at a time;
// connections are cheap, so many workers fit in one process.
import { EventEmitter } from 'node:events';
import type { BackoffOptions } from './backoff';
import type { Endpoint } from './endpoint';
import { GearmanError } from './errors';
import { WorkerSlot, type SlotHost } from './workerSlot';
import type { JobHandler, WorkerJobContext } from './workerJob';

/** Options of GearmanWorker. */
export interface WorkerOptions {
  /** Sent as SET_CLIENT_ID; shows in gearadmin's `workers` list. */
  clientId?: string;
  /** Jobs run at once per server (one connection each). Default 1. */
  concurrency?: number;
  /** ms to wait for each TCP/TLS handshake. Default 5000. */
  connectTimeoutMs?: number;
  /** Reconnect delays after a failed or lost connection. */
  backoff?: BackoffOptions;
  /** Largest packet accepted from a server, in bytes. */
  maxPacketSize?: number;
}

/** Options of GearmanWorker.register. */
export interface RegisterOptions {
  /**
   * Sent as CAN_DO_TIMEOUT (seconds). gearmand 1.1.x raises values below 1000 to 1000 and,
   * when it expires, re-queues the job for another worker rather than failing it.
   */
  timeoutSec?: number;
}

/** Events of GearmanWorker, for logging. */
export interface WorkerEvents {
  connected: [server: string];
  disconnected: [server: string, error: GearmanError | undefined];
  reconnecting: [event: { server: string; error: GearmanError; attempt: number; delayMs: number }];
  /** A handler threw (the client got WORK_EXCEPTION with the message). */
  jobError: [event: { fn: string; handle: string; server: string; error: unknown }];
  /** The server sent an ERROR packet. */
  serverError: [event: { server: string; code: string; text: string }];
}

/** A worker connected to one or more gearmand servers. */
export class GearmanWorker extends EventEmitter<WorkerEvents> {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly abilities = new Map<string, number>();
  private readonly slots: WorkerSlot[] = [];
  private started = false;
  private readonly endpoints: readonly Endpoint[];

  constructor(
    endpoints: Endpoint | readonly Endpoint[],
    private readonly opts: WorkerOptions = {},
  ) {
    super();
    this.endpoints = Array.isArray(endpoints) ? [...endpoints] : [endpoints as Endpoint];
    if (this.endpoints.length === 0) throw new GearmanError('GearmanWorker needs at least one server', 'NO_SERVERS');
    const n = opts.concurrency ?? 1;
    if (!Number.isInteger(n) || n < 1)
      throw new GearmanError(`concurrency must be a whole number of at least 1, got ${n}`, 'BAD_ARGUMENT');
  }

  /** Names of the registered functions. */
  get functions(): string[] {
    return [...this.handlers.keys()];
  }

  /** Registers (or replaces) the handler of `fn` and tells every connected server (CAN_DO / CAN_DO_TIMEOUT). */
  register(fn: string, handler: JobHandler, opts: RegisterOptions = {}): this {
    if (!fn || fn.includes('\0'))
      throw new GearmanError(
        `Cannot register ${JSON.stringify(fn)}: a function name must be non-empty and have no NUL byte`,
        'BAD_ARGUMENT',
      );
    const t = opts.timeoutSec ?? 0;
    if (!Number.isInteger(t) || t < 0)
      throw new GearmanError(`timeoutSec must be a whole number of seconds, got ${t}`, 'BAD_ARGUMENT');
    this.handlers.set(fn, handler);
    this.abilities.set(fn, t);
    for (const s of this.slots) s.canDo(fn, t);
    return this;
  }

  /** Stops taking jobs for `fn` (CANT_DO). */
  unregister(fn: string): this {
    if (!this.handlers.delete(fn)) return this;
    this.abilities.delete(fn);
    for (const s of this.slots) s.cantDo(fn);
    return this;
  }

  /** Connects to every server; resolves after each connection's first attempt (failed ones keep retrying). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const n = this.opts.concurrency ?? 1;
    const host = this.slotHost();
    for (const e of this.endpoints) for (let i = 0; i < n; i++) this.slots.push(new WorkerSlot(host, e));
    await Promise.all(this.slots.map((s) => s.start()));
  }

  /** Stops grabbing, lets running jobs finish (at most `timeoutMs`, default 10000), and closes every connection. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.stop(timeoutMs)));
    this.started = false;
  }

  private slotHost(): SlotHost {
    return {
      clientId: this.opts.clientId,
      abilities: this.abilities,
      handler: (fn) => this.handlers.get(fn),
      connectTimeoutMs: this.opts.connectTimeoutMs,
      maxPacketSize: this.opts.maxPacketSize,
      backoff: this.opts.backoff,
      onConnected: (server) => this.emit('connected', server),
      onDisconnected: (server, err) => this.emit('disconnected', server, err),
      onRetry: (server, error, attempt, delayMs) => this.emit('reconnecting', { server, error, attempt, delayMs }),
      onJobError: (job: WorkerJobContext, error) =>
        this.emit('jobError', { fn: job.fn, handle: job.handle, server: job.server, error }),
      onServerError: (server, code, text) => this.emit('serverError', { server, code, text }),
    };
  }
}
