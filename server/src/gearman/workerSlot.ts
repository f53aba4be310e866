// One worker connection to one server, running one job at a time:
// GRAB_JOB_UNIQ -> JOB_ASSIGN_UNIQ (run, answer, grab again) or NO_JOB -> PRE_SLEEP -> NOOP -> grab.
// It reconnects with backoff until the worker stops.
import { request } from './codec';
import { decodeName, encodeName } from './names';
import { connectWithBackoff, type PacketConnection } from './connection';
import { endpointLabel, type Endpoint } from './endpoint';
import { ConnectionError, GearmanError } from './errors';
import { PacketType, type Packet } from './packet';
import { WorkerJobContext, WorkFailSignal, type JobHandler } from './workerJob';
import type { BackoffOptions } from './backoff';

const GRAB = request(PacketType.GRAB_JOB_UNIQ);
const PRE_SLEEP = request(PacketType.PRE_SLEEP);
const EMPTY = Buffer.alloc(0);

/** What a slot needs from its worker. */
export interface SlotHost {
  readonly clientId: string | undefined;
  /** Registered functions and their CAN_DO timeouts (seconds, 0 = none). */
  readonly abilities: ReadonlyMap<string, number>;
  handler(fn: string): JobHandler | undefined;
  connectTimeoutMs: number | undefined;
  maxPacketSize: number | undefined;
  backoff: BackoffOptions | undefined;
  onConnected(server: string): void;
  onDisconnected(server: string, err: GearmanError | undefined): void;
  onRetry(server: string, err: GearmanError, attempt: number, delayMs: number): void;
  onJobError(job: WorkerJobContext, err: unknown): void;
  onServerError(server: string, code: string, text: string): void;
}

type State = 'idle' | 'grabbing' | 'sleeping' | 'busy';

/** One connection of a worker. */
export class WorkerSlot {
  private conn: PacketConnection | undefined;
  private state: State = 'idle';
  private regrab = false;
  private stopping = false;
  private job: WorkerJobContext | undefined;
  private jobDone: Promise<void> = Promise.resolve();
  private readonly stopController = new AbortController();
  readonly label: string;

  constructor(
    private readonly host: SlotHost,
    readonly endpoint: Endpoint,
  ) {
    this.label = endpointLabel(endpoint);
  }

  /** Connects (retrying with backoff) and starts grabbing; resolves after the first attempt. */
  start(): Promise<void> {
    return new Promise((firstAttempt) => {
      void this.connectLoop(firstAttempt);
    });
  }

  /** Sends CAN_DO (or CAN_DO_TIMEOUT) for a newly registered function. */
  canDo(fn: string, timeoutSec: number): void {
    if (!this.conn || this.conn.closed) return;
    this.conn.send(
      timeoutSec > 0
        ? request(PacketType.CAN_DO_TIMEOUT, encodeName(fn), String(timeoutSec))
        : request(PacketType.CAN_DO, encodeName(fn)),
    );
    // A sleeping connection is only woken for new jobs; ones already queued need a grab.
    if (this.state === 'sleeping') this.grab();
    else if (this.state === 'grabbing') this.regrab = true;
  }

  /** Sends CANT_DO. */
  cantDo(fn: string): void {
    if (this.conn && !this.conn.closed) this.conn.send(request(PacketType.CANT_DO, encodeName(fn)));
  }

  /** Stops grabbing, waits for the running job (at most `timeoutMs`), then closes. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.stopController.abort(new ConnectionError('the worker is stopping', 'STOPPED'));
    if (this.state === 'busy') {
      let t: NodeJS.Timeout | undefined;
      await Promise.race([
        this.jobDone,
        new Promise<void>((r) => {
          t = setTimeout(r, timeoutMs);
        }),
      ]);
      clearTimeout(t);
      this.job?.abort(new ConnectionError(`the worker stopped before job ${this.job.handle} finished`, 'STOPPED'));
    }
    this.conn?.close();
  }

  private async connectLoop(firstAttempt: () => void): Promise<void> {
    let first = true;
    try {
      this.conn = await connectWithBackoff(
        this.endpoint,
        { packet: (p) => this.onPacket(p), close: (e) => this.onClose(e) },
        {
          connectTimeoutMs: this.host.connectTimeoutMs,
          maxPacketSize: this.host.maxPacketSize,
          backoff: this.host.backoff,
          signal: this.stopController.signal,
          onRetry: (err, attempt, delay) => {
            if (first) {
              first = false;
              firstAttempt();
            }
            this.host.onRetry(this.label, err, attempt, delay);
          },
        },
      );
    } catch {
      firstAttempt();
      return; // stopped while connecting
    }
    firstAttempt();
    if (this.stopping) {
      this.conn.close();
      return;
    }
    const { clientId, abilities } = this.host;
    const parts: Buffer[] = [];
    if (clientId) parts.push(request(PacketType.SET_CLIENT_ID, clientId));
    for (const [fn, t] of abilities)
      parts.push(
        t > 0
          ? request(PacketType.CAN_DO_TIMEOUT, encodeName(fn), String(t))
          : request(PacketType.CAN_DO, encodeName(fn)),
      );
    if (parts.length) this.conn.send(...parts);
    this.host.onConnected(this.label);
    this.grab();
  }

  private grab(): void {
    if (this.stopping || !this.conn || this.conn.closed) return;
    this.state = 'grabbing';
    this.regrab = false;
    this.conn.send(GRAB);
  }

  private onPacket(p: Packet): void {
    switch (p.type) {
      case PacketType.NOOP:
        if (this.state === 'sleeping') this.grab();
        return;
      case PacketType.NO_JOB:
        if (this.regrab) return this.grab();
        this.state = 'sleeping';
        this.conn?.send(PRE_SLEEP);
        return;
      case PacketType.JOB_ASSIGN_UNIQ:
        return this.run(p.args[0], decodeName(p.args[1]), decodeName(p.args[2]), p.args[3]);
      case PacketType.JOB_ASSIGN:
        return this.run(p.args[0], decodeName(p.args[1]), '', p.args[2]);
      case PacketType.ERROR:
        this.host.onServerError(this.label, p.args[0].toString(), p.args[1].toString());
        return;
      default:
        return; // ECHO_RES, OPTION_RES and the like need no action here
    }
  }

  private run(handle: Buffer, fn: string, unique: string, payload: Buffer): void {
    const conn = this.conn;
    if (!conn) return;
    this.state = 'busy';
    const send = (...parts: Buffer[]) => {
      if (!conn.closed) conn.send(...parts);
    };
    const job = new WorkerJobContext(handle, fn, unique, payload, this.label, send);
    this.job = job;
    this.jobDone = this.execute(job).then(() => {
      this.job = undefined;
      if (conn === this.conn && !conn.closed) this.grab();
    });
  }

  private async execute(job: WorkerJobContext): Promise<void> {
    const handler = this.host.handler(job.fn);
    if (!handler) {
      // Unregistered while the job was in flight: hand it back as a failure rather than hang the client.
      job.sendFail();
      return;
    }
    try {
      const out = await handler(job);
      if (job.failed) job.sendFail();
      else
        job.sendWithData(
          PacketType.WORK_COMPLETE,
          out === undefined ? EMPTY : typeof out === 'string' ? Buffer.from(out) : out,
        );
    } catch (e) {
      if (job.failed || e instanceof WorkFailSignal) {
        job.sendFail();
        return;
      }
      this.host.onJobError(job, e);
      const msg = e instanceof Error ? e.message : String(e);
      job.sendWithData(PacketType.WORK_EXCEPTION, Buffer.from(msg));
    }
  }

  private onClose(err: GearmanError | undefined): void {
    this.state = 'idle';
    this.conn = undefined;
    this.job?.abort(err ?? new ConnectionError(`the connection to gearmand at ${this.label} was closed`, 'CLOSED'));
    this.host.onDisconnected(this.label, err);
    if (!this.stopping) void this.connectLoop(() => {});
  }
}
