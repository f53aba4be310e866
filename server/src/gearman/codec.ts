// Binary packet encoding and a streaming decoder. The decoder keeps incoming chunks
// in a list and copies each payload once, so a 64 MiB payload split over thousands
// of TCP chunks costs one copy, not thousands. A big payload is copied into its own
// buffer as its chunks arrive, so the chunks are freed at once and the peak memory
// is one payload, not two.
import { ProtocolError } from './errors';
import { ARG_COUNT, isKnownType, packetName, PacketType, type Magic, type Packet } from './packet';

export const HEADER_SIZE = 12;
const REQ = 0x00524551;
const RES = 0x00524553;

/** Payloads at least this big are filled in place as chunks arrive (bytes). */
const FILL_IN_PLACE = 64 * 1024;

/** Default largest payload accepted from the wire (bytes). */
export const DEFAULT_MAX_PACKET_SIZE = 256 * 1024 * 1024;

type Arg = Buffer | string;

/** Encodes one packet. The argument count must match the packet type. */
export function encodePacket(magic: Magic, type: number, args: readonly Arg[] = []): Buffer {
  const expected = ARG_COUNT[type];
  if (expected === undefined) throw new ProtocolError(`Cannot encode unknown packet type ${type}`, 'BAD_TYPE');
  if (args.length !== expected) {
    throw new ProtocolError(`${packetName(type)} takes ${expected} argument(s), got ${args.length}`, 'BAD_ARGS');
  }
  const bufs = args.map((a) => (typeof a === 'string' ? Buffer.from(a, 'utf8') : a));
  const size = bufs.reduce((n, b) => n + b.length, 0) + Math.max(0, bufs.length - 1);
  const head = Buffer.allocUnsafe(HEADER_SIZE);
  head.writeUInt32BE(magic === 'REQ' ? REQ : RES, 0);
  head.writeUInt32BE(type, 4);
  head.writeUInt32BE(size, 8);
  const parts: Buffer[] = [head];
  bufs.forEach((b, i) => {
    if (i > 0) parts.push(NUL);
    parts.push(b);
  });
  return Buffer.concat(parts, HEADER_SIZE + size);
}

const NUL = Buffer.from([0]);
const EMPTY = Buffer.alloc(0);

/** Encodes a request packet (`\0REQ`), as clients and workers send. */
export function request(type: number, ...args: Arg[]): Buffer {
  return encodePacket('REQ', type, args);
}

/** Encodes a response packet (`\0RES`), as servers send. */
export function response(type: number, ...args: Arg[]): Buffer {
  return encodePacket('RES', type, args);
}

/** Splits a payload into `count` arguments: the first count-1 end at a NUL, the last runs to the end. */
export function splitArgs(payload: Buffer, count: number): Buffer[] {
  if (count === 0) return [];
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < count - 1; i++) {
    const nul = payload.indexOf(0, start);
    if (nul < 0) {
      // Missing separators: the remaining arguments are empty rather than an error,
      // since gearmand itself is lenient here (e.g. WORK_FAIL with or without NUL).
      out.push(payload.subarray(start));
      start = payload.length;
      continue;
    }
    out.push(payload.subarray(start, nul));
    start = nul + 1;
  }
  out.push(payload.subarray(start));
  return out;
}

/** Options of the streaming decoder. */
export interface DecoderOptions {
  /** Which magic is expected: `RES` on a client or worker, `REQ` on a server. Default `RES`. */
  expect?: Magic;
  /** Largest payload accepted, in bytes. */
  maxPacketSize?: number;
}

/**
 * Streaming decoder: feed it chunks as they arrive, get whole packets back.
 * After it throws a ProtocolError the stream is out of sync and must be closed.
 */
export class PacketDecoder {
  private chunks: Buffer[] = [];
  private offset = 0; // bytes of chunks[0] already consumed (cheaper than re-slicing it per packet)
  private buffered = 0; // unconsumed bytes in chunks
  private need = -1; // payload size of the packet whose header was read, or -1
  private type = 0;
  private magic: Magic = 'RES';
  private readonly expect: Magic;
  private readonly max: number;
  private failed: ProtocolError | undefined;
  private big: Buffer | undefined; // payload being filled in place
  private filled = 0;

  constructor(opts: DecoderOptions = {}) {
    this.expect = opts.expect ?? 'RES';
    this.max = opts.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE;
  }

  /** Bytes held that do not yet make a whole packet. */
  get pending(): number {
    // A header already read is still part of the unfinished packet.
    return this.buffered + this.filled + (this.need >= 0 ? HEADER_SIZE : 0);
  }

  /** Adds a chunk and returns every packet it completes. */
  push(chunk: Buffer): Packet[] {
    if (this.failed) throw this.failed;
    const out: Packet[] = [];
    if (this.big) {
      const k = chunk.copy(this.big, this.filled);
      this.filled += k;
      if (this.filled < this.big.length) return out;
      out.push(this.packet(this.big));
      this.big = undefined;
      this.filled = 0;
      chunk = chunk.subarray(k);
    }
    if (chunk.length) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    for (;;) {
      if (this.need < 0) {
        if (this.buffered < HEADER_SIZE) break;
        this.readHeader();
      }
      if (this.buffered < this.need) {
        if (this.need >= FILL_IN_PLACE) {
          // allocUnsafe maps pages only as they are written, so a header that lies costs little.
          this.big = Buffer.allocUnsafe(this.need);
          this.chunks.forEach((c, i) => {
            this.filled += c.copy(this.big as Buffer, this.filled, i === 0 ? this.offset : 0);
          });
          this.chunks = [];
          this.offset = 0;
          this.buffered = 0;
        }
        break;
      }
      out.push(this.packet(this.take(this.need)));
    }
    return out;
  }

  private packet(payload: Buffer): Packet {
    this.need = -1;
    // WORK_FAIL's handle may or may not end in a NUL depending on the sender: strip it.
    const body = this.type === PacketType.WORK_FAIL && payload.at(-1) === 0 ? payload.subarray(0, -1) : payload;
    return { magic: this.magic, type: this.type, args: splitArgs(body, ARG_COUNT[this.type]) };
  }

  private readHeader(): void {
    // Read in place when the header lies in one chunk, as it nearly always does.
    const first = this.chunks[0];
    const inPlace = first.length - this.offset >= HEADER_SIZE;
    const head = inPlace ? first : this.take(HEADER_SIZE);
    const at = inPlace ? this.offset : 0;
    const magic = head.readUInt32BE(at);
    const type = head.readUInt32BE(at + 4);
    const size = head.readUInt32BE(at + 8);
    if (inPlace) this.skip(HEADER_SIZE);
    const m: Magic | undefined = magic === REQ ? 'REQ' : magic === RES ? 'RES' : undefined;
    if (m !== this.expect) {
      const shown = head.subarray(at, at + 4).toString('hex');
      throw this.fail(
        new ProtocolError(
          `Bad magic 0x${shown}: expected \\0${this.expect}. The peer is not speaking the Gearman binary protocol.`,
          'BAD_MAGIC',
        ),
      );
    }
    if (!isKnownType(type)) {
      throw this.fail(new ProtocolError(`Unknown packet type ${type}`, 'BAD_TYPE'));
    }
    if (size > this.max) {
      throw this.fail(
        new ProtocolError(
          `${packetName(type)} packet of ${size} bytes exceeds the limit of ${this.max} bytes`,
          'TOO_LARGE',
        ),
      );
    }
    this.magic = m;
    this.type = type;
    this.need = size;
  }

  private fail(e: ProtocolError): ProtocolError {
    this.failed = e;
    this.chunks = [];
    this.offset = 0;
    this.buffered = 0;
    this.big = undefined;
    return e;
  }

  /** Consumes n bytes that lie in the first chunk. */
  private skip(n: number): void {
    this.buffered -= n;
    this.offset += n;
    if (this.offset === this.chunks[0].length) {
      this.chunks.shift();
      this.offset = 0;
    }
  }

  /** Removes and returns the first n buffered bytes, copying only when they span chunks. */
  private take(n: number): Buffer {
    if (n === 0) return EMPTY;
    const first = this.chunks[0];
    if (first.length - this.offset >= n) {
      const out = first.subarray(this.offset, this.offset + n);
      this.skip(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length - this.offset, n - off);
      c.copy(out, off, this.offset, this.offset + k);
      off += k;
      this.skip(k);
    }
    return out;
  }
}
