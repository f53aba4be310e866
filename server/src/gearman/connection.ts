// A binary-protocol connection to one gearmand: writes packets, hands decoded packets
// to its owner, and reports exactly once why it closed (closed by us, lost, garbage,
// idle). Callbacks instead of an EventEmitter keep the per-packet path cheap.
import type { Socket } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { PacketDecoder, HEADER_SIZE } from './codec';
import { endpointLabel, openSocket, describeConnectError, type Endpoint, type OpenOptions } from './endpoint';
import { ConnectionError, GearmanError, ProtocolError, TimeoutError } from './errors';
import type { Packet } from './packet';
import { backoffDelay, type BackoffOptions } from './backoff';

/** What the owner of a connection is told. */
export interface ConnectionHandlers {
  /** Called for each decoded packet, in arrival order. */
  packet(p: Packet): void;
  /** Called once when the connection ends: no error when close() was called, else why it was lost. */
  close(err: GearmanError | undefined): void;
}

/** Options of a packet connection. */
export interface ConnectionOptions extends OpenOptions {
  /** Close with a TimeoutError when nothing is read or written for this long. Default: never. */
  idleTimeoutMs?: number;
  /** Largest packet payload accepted from the server, in bytes. */
  maxPacketSize?: number;
}

const REQ_MAGIC = 0x00524551;
/** Packets queued in one tick are joined into one buffer up to this size (bytes); beyond it they are written as they are. */
const CONCAT_MAX = 64 * 1024;

/** One open binary-protocol connection to a gearmand. */
export class PacketConnection {
  /** `host:port` of the server, for messages. */
  readonly label: string;
  private readonly decoder: PacketDecoder;
  private ended = false;
  private socketError: NodeJS.ErrnoException | undefined;
  // Packets sent in this tick, written together on the next one (see send).
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  private readonly flush = () => {
    const parts = this.queued;
    if (parts.length === 0) return;
    const bytes = this.queuedBytes;
    this.queued = [];
    this.queuedBytes = 0;
    if (parts.length === 1) this.socket.write(parts[0]);
    else if (bytes <= CONCAT_MAX) this.socket.write(Buffer.concat(parts, bytes));
    else {
      // Big payloads are written as they are, never copied.
      this.socket.cork();
      for (const p of parts) this.socket.write(p);
      this.socket.uncork();
    }
  };

  private constructor(
    readonly endpoint: Endpoint,
    private readonly socket: Socket,
    private readonly handlers: ConnectionHandlers,
    opts: ConnectionOptions,
  ) {
    this.label = endpointLabel(endpoint);
    this.decoder = new PacketDecoder({ expect: 'RES', maxPacketSize: opts.maxPacketSize });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.socketError = err;
    });
    socket.on('close', () => this.fail(this.lostError()));
    if (opts.idleTimeoutMs && opts.idleTimeoutMs > 0) {
      socket.setTimeout(opts.idleTimeoutMs, () =>
        this.fail(
          new TimeoutError(
            `gearmand at ${this.label} sent nothing for ${opts.idleTimeoutMs} ms; closed the connection`,
            'IDLE_TIMEOUT',
          ),
        ),
      );
    }
  }

  /** Connects (TCP or TLS) and returns the open connection; rejects with ConnectionError or TimeoutError. */
  static async open(
    endpoint: Endpoint,
    handlers: ConnectionHandlers,
    opts: ConnectionOptions = {},
  ): Promise<PacketConnection> {
    const socket = await openSocket(endpoint, opts);
    return new PacketConnection(endpoint, socket, handlers, opts);
  }

  /** True once the connection has ended for any reason. */
  get closed(): boolean {
    return this.ended;
  }

  /**
   * Writes one already-encoded packet (or several parts of one). Everything sent in one
   * tick goes out in one write on the next: with many jobs in flight, a system call and
   * a stream write per packet cost more than the rest of the client's work.
   */
  send(...parts: Buffer[]): void {
    if (this.ended) throw new ConnectionError(`The connection to gearmand at ${this.label} is closed`, 'NOT_CONNECTED');
    if (this.queued.length === 0) process.nextTick(this.flush);
    for (const p of parts) {
      this.queued.push(p);
      this.queuedBytes += p.length;
    }
  }

  /** Closes the connection on purpose; the close handler gets no error. */
  close(): void {
    this.finish(undefined);
  }

  /** Closes the connection because of `err`; the close handler gets it. */
  fail(err: GearmanError): void {
    this.finish(err);
  }

  private finish(err: GearmanError | undefined): void {
    if (this.ended) return;
    this.ended = true;
    // Packets sent in this tick are still queued: write them before the socket goes (a worker's last WORK_COMPLETE).
    this.flush();
    this.socket.destroy();
    this.handlers.close(err);
  }

  private onData(chunk: Buffer): void {
    let packets: Packet[];
    try {
      packets = this.decoder.push(chunk);
    } catch (e) {
      const pe = e as ProtocolError;
      // A packet over our own limit is the Gearman protocol, just larger than the caller accepts.
      const what =
        pe.code === 'TOO_LARGE'
          ? 'sent a packet larger than this client accepts'
          : 'sent data that is not the Gearman protocol';
      this.fail(
        new ProtocolError(
          `gearmand at ${this.label} ${what} (${pe.message}); closed the connection`,
          pe.code ?? 'BAD_DATA',
        ),
      );
      return;
    }
    for (const p of packets) {
      if (this.ended) return;
      this.handlers.packet(p);
    }
  }

  private lostError(): ConnectionError {
    const err = this.socketError;
    if (err)
      return new ConnectionError(
        `Lost the connection to gearmand at ${this.label}: ${describeConnectError(this.label, err, !!this.endpoint.tls)}`,
        err.code ?? 'CONNECTION_LOST',
      );
    return new ConnectionError(`gearmand at ${this.label} closed the connection`, 'CONNECTION_LOST');
  }
}

/**
 * Encodes the fixed part of a packet whose last argument is `tailLength` bytes long and
 * is written separately, so big payloads are never copied into a packet buffer.
 * `room` extra bytes are left at the end for callers that copy the tail in.
 */
export function encodeHead(type: number, leading: readonly Buffer[], tailLength: number, room = 0): Buffer {
  let headLen = HEADER_SIZE;
  for (const b of leading) headLen += b.length + 1;
  const head = Buffer.allocUnsafe(headLen + room);
  head.writeUInt32BE(REQ_MAGIC, 0);
  head.writeUInt32BE(type, 4);
  head.writeUInt32BE(headLen - HEADER_SIZE + tailLength, 8);
  let off = HEADER_SIZE;
  for (const b of leading) {
    off += b.copy(head, off);
    head[off++] = 0;
  }
  return head;
}

/** Last arguments up to this size are copied into the packet: cheaper than a second buffer to write. */
const COPY_TAIL_MAX = 2048;

/** Encodes a packet whose last argument is `tail`: one buffer when the tail is small, else the head and the tail itself. */
export function encodeParts(type: number, leading: readonly Buffer[], tail: Buffer): Buffer[] {
  if (tail.length > COPY_TAIL_MAX) return [encodeHead(type, leading, tail.length), tail];
  const head = encodeHead(type, leading, tail.length, tail.length);
  tail.copy(head, head.length - tail.length);
  return [head];
}

/** Options of connectWithBackoff. */
export interface ReconnectOptions extends ConnectionOptions {
  backoff?: BackoffOptions;
  /** Called before each wait, so owners can log why and for how long. */
  onRetry?(err: GearmanError, attempt: number, delayMs: number): void;
}

/** Connects, retrying with exponential backoff and jitter until it works or `signal` aborts. */
export async function connectWithBackoff(
  endpoint: Endpoint,
  handlers: ConnectionHandlers,
  opts: ReconnectOptions = {},
): Promise<PacketConnection> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await PacketConnection.open(endpoint, handlers, opts);
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      const err = e instanceof GearmanError ? e : new ConnectionError(String(e), 'CONNECT_FAILED');
      const delay = backoffDelay(attempt, opts.backoff);
      opts.onRetry?.(err, attempt, delay);
      // Rejects (AbortError) when the signal aborts first, ending the loop.
      await setTimeout(delay, undefined, { signal: opts.signal });
    }
  }
}
