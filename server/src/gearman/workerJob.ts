// What a worker's handler gets for one job: the job's fields and the calls that send
// progress back to the client through gearmand.
import { encodeParts } from './connection';
import { PacketType } from './packet';
import { toPayload } from './submitArgs';

/** One job given to a worker handler. */
export interface WorkerJob {
  /** Job handle, as gearmand named it (`H:host:n`). */
  readonly handle: string;
  /** Function name the job was submitted to. */
  readonly fn: string;
  /** Unique id the client gave, or ''. */
  readonly unique: string;
  readonly payload: Buffer;
  /** `host:port` of the server the job came from. */
  readonly server: string;
  /** Aborted when the connection to the server is lost or the worker stops waiting. */
  readonly signal: AbortSignal;
  /** Sends WORK_DATA (a partial result) to the waiting client. */
  data(chunk: Buffer | string): void;
  /** Sends WORK_WARNING to the waiting client. */
  warning(chunk: Buffer | string): void;
  /** Sends WORK_STATUS (progress as numerator / denominator). */
  status(numerator: number, denominator: number): void;
  /** Ends the job with WORK_FAIL (no message), whatever the handler returns afterwards. */
  fail(): never;
}

/** What a handler returns: the WORK_COMPLETE payload (nothing = empty). Throwing sends WORK_EXCEPTION. */
export type JobHandler = (job: WorkerJob) => Buffer | string | void | Promise<Buffer | string | void>;

/** Thrown by WorkerJob.fail() so a handler stops where it calls it. */
export class WorkFailSignal extends Error {
  constructor() {
    super('the handler called fail()');
  }
}

/** The context object behind WorkerJob; `send` writes to the job's connection or drops when it is gone. */
export class WorkerJobContext implements WorkerJob {
  failed = false;
  readonly handle: string;
  private readonly controller = new AbortController();

  constructor(
    readonly handleBuf: Buffer,
    readonly fn: string,
    readonly unique: string,
    readonly payload: Buffer,
    readonly server: string,
    private readonly send: (...parts: Buffer[]) => void,
  ) {
    this.handle = handleBuf.toString('latin1');
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborts the handler's signal with `reason`. */
  abort(reason: Error): void {
    this.controller.abort(reason);
  }

  data(chunk: Buffer | string): void {
    this.sendWithData(PacketType.WORK_DATA, toPayload(chunk));
  }

  warning(chunk: Buffer | string): void {
    this.sendWithData(PacketType.WORK_WARNING, toPayload(chunk));
  }

  status(numerator: number, denominator: number): void {
    const d = Buffer.from(String(denominator));
    this.send(...encodeParts(PacketType.WORK_STATUS, [this.handleBuf, Buffer.from(String(numerator))], d));
  }

  fail(): never {
    this.failed = true;
    throw new WorkFailSignal();
  }

  /** Sends WORK_FAIL, whose only argument is the handle (no trailing NUL). */
  sendFail(): void {
    this.send(...encodeParts(PacketType.WORK_FAIL, [], this.handleBuf));
  }

  /** Sends a packet of the form `handle NUL data`. */
  sendWithData(type: number, data: Buffer): void {
    this.send(...encodeParts(type, [this.handleBuf], data));
  }
}
