// One client connection: sends submits and requests, matches JOB_CREATED / ERROR /
// STATUS_RES / ECHO_RES / OPTION_RES to requests in the order they were sent (the
// server answers in request order), and routes WORK_* packets to jobs by handle.
import { request } from './codec';
import { PacketConnection, encodeParts, type ConnectionOptions } from './connection';
import type { Endpoint } from './endpoint';
import { GearmanError, ProtocolError, ServerError, TimeoutError } from './errors';
import type { Job, JobOwner } from './job';
import { packetName, PacketType, type Packet } from './packet';

type ReplyKind = 'submit' | 'status' | 'statusUnique' | 'echo' | 'option';
const REPLY_TYPE: Record<ReplyKind, number> = {
  submit: PacketType.JOB_CREATED,
  status: PacketType.STATUS_RES,
  statusUnique: PacketType.STATUS_RES_UNIQUE,
  echo: PacketType.ECHO_RES,
  option: PacketType.OPTION_RES,
};

interface Pending {
  kind: ReplyKind;
  job?: Job;
  what: string;
  resolve?(p: Packet): void;
  reject?(e: GearmanError): void;
}

const NO_JOBS: readonly Job[] = [];

/** Why a session ended, and the jobs it still held. */
export type SessionLostHandler = (session: ClientSession, err: GearmanError | undefined, jobs: Job[]) => void;

/** The client side of one connection to one gearmand. */
export class ClientSession implements JobOwner {
  private conn!: PacketConnection;
  // Answered entries before `head` are cleared: a done job held here would live long enough to be promoted to the old heap.
  private readonly pending: (Pending | undefined)[] = [];
  private head = 0;
  private readonly byHandle = new Map<string, Job[]>();
  private readonly active = new Set<Job>();

  private constructor(private readonly onLost: SessionLostHandler) {}

  /** Connects and, when `exceptions` is set, asks for WORK_EXCEPTION packets. */
  static async open(
    endpoint: Endpoint,
    opts: ConnectionOptions & { exceptions: boolean },
    onLost: SessionLostHandler,
  ): Promise<ClientSession> {
    const s = new ClientSession(onLost);
    s.conn = await PacketConnection.open(endpoint, { packet: (p) => s.onPacket(p), close: (e) => s.onClose(e) }, opts);
    if (opts.exceptions) {
      s.pending.push({ kind: 'option', what: 'OPTION_REQ exceptions' });
      s.conn.send(request(PacketType.OPTION_REQ, 'exceptions'));
    }
    return s;
  }

  /** `host:port` of the server. */
  get label(): string {
    return this.conn.label;
  }

  /** True once the connection ended. */
  get closed(): boolean {
    return this.conn.closed;
  }

  /** Sends a submit packet for `job`; its events and result follow from the server's replies. */
  submit(job: Job, type: number, leading: Buffer[], payload: Buffer): void {
    this.conn.send(...encodeParts(type, leading, payload));
    this.pending.push({ kind: 'submit', job, what: `job ${job.fn}` });
    this.active.add(job);
    job.owner = this;
  }

  /** Sends a request and resolves with the matching reply packet. */
  request(
    kind: Exclude<ReplyKind, 'submit' | 'option'>,
    packet: Buffer,
    what: string,
    timeoutMs: number,
  ): Promise<Packet> {
    return new Promise((resolve, reject) => {
      const entry: Pending = { kind, what };
      this.conn.send(packet);
      this.pending.push(entry);
      const timer = setTimeout(() => {
        entry.resolve = entry.reject = undefined; // keep the slot: the reply may still come
        reject(
          new TimeoutError(
            `gearmand at ${this.label} did not answer ${what} within ${timeoutMs} ms`,
            'REQUEST_TIMEOUT',
          ),
        );
      }, timeoutMs);
      entry.resolve = (p) => {
        clearTimeout(timer);
        resolve(p);
      };
      entry.reject = (e) => {
        clearTimeout(timer);
        reject(e);
      };
    });
  }

  /** Closes the connection; jobs still held are handed to the lost handler with no error. */
  close(): void {
    this.conn.close();
  }

  /** @internal Drops the routing state of a job that ended. */
  forget(job: Job): void {
    this.active.delete(job);
    if (job.handle === undefined) return;
    const list = this.byHandle.get(job.handle);
    if (!list) return;
    const rest = list.filter((j) => j !== job);
    if (rest.length) this.byHandle.set(job.handle, rest);
    else this.byHandle.delete(job.handle);
  }

  private nextPending(): Pending | undefined {
    if (this.head >= this.pending.length) return undefined;
    const p = this.pending[this.head];
    this.pending[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    return p;
  }

  private onPacket(p: Packet): void {
    switch (p.type) {
      // A loop per case rather than a callback: no closure per packet.
      case PacketType.WORK_DATA:
        for (const j of this.jobsOf(p)) j.progress('data', p.args[1]);
        return;
      case PacketType.WORK_WARNING:
        for (const j of this.jobsOf(p)) j.progress('warning', p.args[1]);
        return;
      case PacketType.WORK_STATUS: {
        const update = { numerator: Number(p.args[1].toString()), denominator: Number(p.args[2].toString()) };
        for (const j of this.jobsOf(p)) j.progress('status', update);
        return;
      }
      case PacketType.WORK_COMPLETE:
        for (const j of this.jobsOf(p)) j.end('complete', p.args[1]);
        return;
      case PacketType.WORK_EXCEPTION:
        for (const j of this.jobsOf(p)) j.end('exception', p.args[1]);
        return;
      case PacketType.WORK_FAIL:
        for (const j of this.jobsOf(p)) j.end('fail', Buffer.alloc(0));
        return;
      case PacketType.ERROR:
        return this.onError(p);
      case PacketType.NOOP:
        return;
      default:
        return this.onReply(p);
    }
  }

  /** The jobs waiting on the packet's handle (a copy when several: ending one changes the list). */
  private jobsOf(p: Packet): readonly Job[] {
    const list = this.byHandle.get(p.args[0].toString('latin1'));
    // Unknown handles belong to jobs the caller stopped waiting for: ignore them.
    if (!list) return NO_JOBS;
    return list.length === 1 ? list : [...list];
  }

  private onReply(p: Packet): void {
    // Peek first: on a mismatch the request stays pending and is rejected by onClose.
    const entry = this.pending[this.head] as Pending | undefined;
    if (!entry || REPLY_TYPE[entry.kind] !== p.type) {
      const expected = entry ? packetName(REPLY_TYPE[entry.kind]) : 'nothing';
      this.conn.fail(
        new ProtocolError(
          `gearmand at ${this.label} sent ${packetName(p.type)} while the client expected ${expected}; closed the connection`,
          'UNEXPECTED_PACKET',
        ),
      );
      return;
    }
    this.nextPending();
    if (entry.kind === 'submit') {
      const job = entry.job;
      if (!job || job.done) return;
      const handle = p.args[0].toString('latin1');
      if (!job.background) {
        const list = this.byHandle.get(handle);
        if (list) list.push(job);
        else this.byHandle.set(handle, [job]);
      }
      job.accepted(handle, this.label);
      return;
    }
    entry.resolve?.(p);
  }

  private onError(p: Packet): void {
    const code = p.args[0].toString();
    const text = p.args[1].toString();
    const entry = this.nextPending();
    if (!entry) {
      this.conn.fail(
        new ProtocolError(
          `gearmand at ${this.label} sent ERROR ${code} (${text}) that answers no request; closed the connection`,
          'UNEXPECTED_PACKET',
        ),
      );
      return;
    }
    if (entry.kind === 'option') return; // a server without the exceptions option still works
    const err = new ServerError(describeServerError(code, text, entry.job?.fn, entry.what, this.label), code);
    if (entry.job) entry.job.fail(err);
    else entry.reject?.(err);
  }

  private onClose(err: GearmanError | undefined): void {
    const jobs = [...this.active].filter((j) => !j.done);
    this.active.clear();
    this.byHandle.clear();
    const rest = this.pending.slice(this.head);
    this.pending.length = 0;
    this.head = 0;
    const reqErr = err ?? new GearmanError(`The connection to gearmand at ${this.label} was closed`, 'CLOSED');
    for (const e of rest) e?.reject?.(reqErr);
    this.onLost(this, err, jobs);
  }
}

/** Words for an ERROR packet that answered a request. */
export function describeServerError(
  code: string,
  text: string,
  fn: string | undefined,
  what: string,
  server: string,
): string {
  if (code === 'QUEUE_ERROR' && fn !== undefined) {
    return `The queue of ${fn} on gearmand at ${server} is full (maxqueue reached); the job was not accepted. Try again later or raise the limit.`;
  }
  if (code === 'ARGUMENT_TOO_LARGE')
    return `gearmand at ${server} refused ${what}: an argument is too large (${text}); unique ids must be at most 64 bytes`;
  return `gearmand at ${server} refused ${what}: ${code}${text ? ` (${text})` : ''}`;
}
