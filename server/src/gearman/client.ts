// The job client: submits jobs (many in flight on one connection), asks for status,
// and moves between servers by the rules in pool.ts (FAILOVER_RULES).
import { EventEmitter } from 'node:events';
import { request } from './codec';
import { ClientSession } from './clientSession';
import { endpointLabel, type Endpoint } from './endpoint';
import { ConnectionError, GearmanError, ProtocolError } from './errors';
import { Job, type SubmitOptions } from './job';
import { PacketType } from './packet';
import { connectInOrder, type FailoverEvent } from './pool';
import { buildSubmit, toPayload, type SubmitPacket } from './submitArgs';

/** Options of GearmanClient. */
export interface ClientOptions {
  /** ms to wait for each server's TCP/TLS handshake. Default 5000. */
  connectTimeoutMs?: number;
  /** Close a connection that is silent this long (ms). Default: never. */
  idleTimeoutMs?: number;
  /** ms to wait for a GET_STATUS / ECHO answer. Default 10000. */
  requestTimeoutMs?: number;
  /** Largest packet accepted from a server, in bytes. */
  maxPacketSize?: number;
  /** Ask each server for WORK_EXCEPTION packets (OPTION_REQ exceptions). Default true. */
  exceptions?: boolean;
}

/** Answer to GET_STATUS. */
export interface JobStatus {
  handle: string;
  /** The server knows the job (queued or running). */
  known: boolean;
  running: boolean;
  numerator: number;
  denominator: number;
}

/** Answer to GET_STATUS_UNIQUE. */
export interface UniqueJobStatus {
  unique: string;
  known: boolean;
  running: boolean;
  numerator: number;
  denominator: number;
  /** Foreground clients waiting for the job. */
  waitingClients: number;
}

/** Options of a single request (status, echo). */
export interface RequestOptions {
  timeoutMs?: number;
}

/** Events of GearmanClient. */
export interface ClientEvents {
  failover: [event: FailoverEvent];
}

/** A Gearman job client over one or more servers (see FAILOVER_RULES). */
export class GearmanClient extends EventEmitter<ClientEvents> {
  /** The servers, in failover order. */
  readonly endpoints: readonly Endpoint[];
  private current: ClientSession | undefined;
  private connecting: Promise<ClientSession> | undefined;
  private next = 0;
  private generation = 0; // bumped by close(), so a connect that finishes afterwards is dropped

  constructor(
    endpoints: Endpoint | readonly Endpoint[],
    private readonly opts: ClientOptions = {},
  ) {
    super();
    this.endpoints = Array.isArray(endpoints) ? [...endpoints] : [endpoints as Endpoint];
    if (this.endpoints.length === 0) throw new GearmanError('GearmanClient needs at least one server', 'NO_SERVERS');
  }

  /** `host:port` of the server in use, if connected. */
  get server(): string | undefined {
    return this.current && !this.current.closed ? this.current.label : undefined;
  }

  /**
   * Submits a job. Throws GearmanError (BAD_ARGUMENT) at once for a submit that cannot be
   * sent (empty or NUL function name, unique id over 64 bytes, unknown priority).
   */
  submit(fn: string, payload: Buffer | string, opts: SubmitOptions = {}): Job {
    const packet = buildSubmit(fn, payload, opts);
    const job = new Job(fn, opts.unique ?? '', opts);
    // Only a job that may be sent again keeps its packet once it is written.
    if (opts.resubmitOnLoss) job.resend = () => this.dispatch(job, packet);
    this.dispatch(job, packet);
    return job;
  }

  /** Asks the server in use about a job handle (handles belong to the server that gave them). */
  async getStatus(handle: string, opts: RequestOptions = {}): Promise<JobStatus> {
    const s = await this.session();
    const p = await s.request(
      'status',
      request(PacketType.GET_STATUS, handle),
      `GET_STATUS ${handle}`,
      this.timeout(opts),
    );
    const [h, known, running, num, den] = p.args.map((a) => a.toString());
    return {
      handle: h,
      known: known === '1',
      running: running === '1',
      numerator: Number(num),
      denominator: Number(den),
    };
  }

  /** Asks the server in use about a job by its unique id (GET_STATUS_UNIQUE). */
  async getStatusUnique(unique: string, opts: RequestOptions = {}): Promise<UniqueJobStatus> {
    const s = await this.session();
    const p = await s.request(
      'statusUnique',
      request(PacketType.GET_STATUS_UNIQUE, unique),
      `GET_STATUS_UNIQUE ${unique}`,
      this.timeout(opts),
    );
    const [u, known, running, num, den, waiting] = p.args.map((a) => a.toString());
    return {
      unique: u,
      known: known === '1',
      running: running === '1',
      numerator: Number(num),
      denominator: Number(den),
      waitingClients: Number(waiting),
    };
  }

  /** Sends ECHO_REQ and resolves with the echoed bytes. */
  async echo(data: Buffer | string, opts: RequestOptions = {}): Promise<Buffer> {
    const s = await this.session();
    const p = await s.request('echo', request(PacketType.ECHO_REQ, toPayload(data)), 'ECHO', this.timeout(opts));
    return p.args[0];
  }

  /** Closes the connection; jobs still waiting reject with a ConnectionError. A later call reconnects. */
  close(): void {
    this.generation++;
    this.current?.close();
    this.current = undefined;
  }

  private timeout(opts: RequestOptions): number {
    return opts.timeoutMs ?? this.opts.requestTimeoutMs ?? 10_000;
  }

  private dispatch(job: Job, packet: SubmitPacket): void {
    // Connected: write at once, with no promise per job (it showed in profiles with many jobs in flight).
    const s = this.current;
    if (s && !s.closed) this.send(s, job, packet);
    else
      this.session().then(
        (s) => this.send(s, job, packet),
        (e: GearmanError) => job.fail(e),
      );
  }

  private send(s: ClientSession, job: Job, packet: SubmitPacket): void {
    // A signal that was aborted before submit() fails the job in a microtask: do not send it.
    if (job.done || job.opts.signal?.aborted) return;
    job.attempts++;
    try {
      s.submit(job, packet.type, packet.leading, packet.payload);
    } catch (e) {
      job.fail(e as GearmanError);
    }
  }

  private session(): Promise<ClientSession> {
    if (this.current && !this.current.closed) return Promise.resolve(this.current);
    if (this.connecting) return this.connecting;
    const gen = this.generation;
    this.connecting = connectInOrder(
      this.endpoints,
      this.next,
      (e) =>
        ClientSession.open(
          e,
          {
            connectTimeoutMs: this.opts.connectTimeoutMs,
            idleTimeoutMs: this.opts.idleTimeoutMs,
            maxPacketSize: this.opts.maxPacketSize,
            exceptions: this.opts.exceptions ?? true,
          },
          (session, err, jobs) => this.onLost(session, err, jobs),
        ),
      (ev) => this.emit('failover', ev),
    )
      .then(({ value, index }) => {
        if (gen !== this.generation) {
          value.close();
          throw new ConnectionError(`The client was closed while connecting to gearmand at ${value.label}`, 'CLOSED');
        }
        this.current = value;
        this.next = index;
        return value;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  private onLost(session: ClientSession, err: GearmanError | undefined, jobs: Job[]): void {
    if (this.current === session) this.current = undefined;
    const from = session.label;
    if (err) {
      this.next = (this.endpoints.findIndex((e) => endpointLabel(e) === from) + 1) % this.endpoints.length;
      this.emit('failover', { from, reason: 'connection-lost', error: err });
    }
    const maxAttempts = Math.max(2, this.endpoints.length);
    for (const job of jobs) {
      if (err && job.opts.resubmitOnLoss && job.attempts < maxAttempts) {
        job.emit('resubmitted', { from, error: err, attempt: job.attempts + 1 });
        job.resend?.();
        continue;
      }
      job.fail(this.lostError(job, from, err));
    }
  }

  private lostError(job: Job, from: string, err: GearmanError | undefined): GearmanError {
    if (!err)
      return new ConnectionError(
        `The client was closed while waiting for job ${job.fn}; the job may still run on gearmand at ${from}`,
        'CLOSED',
      );
    if (err instanceof ProtocolError) return err;
    const state = job.handle
      ? `after gearmand accepted it (handle ${job.handle}); it may still run there`
      : 'before gearmand confirmed it; it may or may not have been queued';
    const hint = job.opts.resubmitOnLoss
      ? 'It was already sent to every server it may be sent to.'
      : 'Set resubmitOnLoss (with a unique id) to send it to the next server.';
    return new ConnectionError(
      `Lost the connection to gearmand at ${from} while waiting for job ${job.fn}, ${state}. ${hint} (${err.message})`,
      'CONNECTION_LOST',
    );
  }
}
