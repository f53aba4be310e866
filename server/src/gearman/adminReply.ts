// Finds where one admin reply ends in a byte stream. A `line` reply ends at the first LF;
// a `list` reply ends at a line holding only `.`, or at once when its first line is an
// `ERR` answer. Bytes are appended to one growing buffer and scanned once, so a large
// `workers` reply split over many TCP chunks costs linear time.
import { ProtocolError } from './errors';
import { isErrLine } from './adminErr';

/** Whether a reply is one line (`version`, `OK`) or a list ending in a `.` line (`status`). */
export type ReplyKind = 'list' | 'line';

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;

/** Copies `chunk` after the first `len` bytes of `buf`, growing it (doubling) when full; returns the buffer to keep. */
export function appendBytes(buf: Buffer, len: number, chunk: Buffer): Buffer {
  let out = buf;
  if (len + chunk.length > buf.length) {
    out = Buffer.allocUnsafe(Math.max(len + chunk.length, buf.length * 2, 4096));
    buf.copy(out, 0, 0, len);
  }
  chunk.copy(out, len);
  return out;
}

/** Accumulates the bytes of one reply until it is complete. */
export class ReplyBuffer {
  private buf: Buffer = Buffer.alloc(0);
  private len = 0;
  private lineStart = 0; // start of the line not yet ended by LF
  private scanned = 0; // bytes already searched for LF

  constructor(
    private readonly kind: ReplyKind,
    private readonly maxBytes: number,
  ) {}

  /**
   * Adds a chunk. Returns the whole reply once complete, with how many bytes followed it
   * (more than zero means the peer sent something unasked); throws ProtocolError past maxBytes.
   */
  push(chunk: Buffer): { reply: Buffer; extra: number } | undefined {
    this.append(chunk);
    for (;;) {
      const lf = this.buf.subarray(0, this.len).indexOf(LF, this.scanned);
      if (lf < 0) {
        this.scanned = this.len;
        if (this.len > this.maxBytes)
          throw new ProtocolError(`Reply exceeds ${this.maxBytes} bytes`, 'REPLY_TOO_LARGE');
        return undefined;
      }
      const end = lf + 1;
      if (end > this.maxBytes) throw new ProtocolError(`Reply exceeds ${this.maxBytes} bytes`, 'REPLY_TOO_LARGE');
      if (this.kind === 'line' || this.isLast(this.lineStart, lf)) {
        return { reply: Buffer.from(this.buf.subarray(0, end)), extra: this.len - end };
      }
      this.lineStart = end;
      this.scanned = end;
    }
  }

  private isLast(start: number, lf: number): boolean {
    const line = this.buf.subarray(start, lf);
    if (start === 0 && isErrLine(line)) return true;
    const n = line.length && line[line.length - 1] === CR ? line.length - 1 : line.length;
    return n === 1 && line[0] === DOT;
  }

  private append(chunk: Buffer): void {
    this.buf = appendBytes(this.buf, this.len, chunk);
    this.len += chunk.length;
  }
}

/** How one reply is read from the byte stream: its value once complete, or the ERR the server answered. */
export interface Reader<T> {
  /** Adds a chunk; returns the end of the reply once it came, with how many bytes followed it. */
  push(chunk: Buffer): { value?: T; error?: Error; extra: number } | undefined;
}

/** A reader that holds a reply whole (one-line replies, show jobs, raw). */
export function wholeReply(kind: ReplyKind, maxBytes: number): Reader<Buffer> {
  const buf = new ReplyBuffer(kind, maxBytes);
  return {
    push: (chunk) => {
      const r = buf.push(chunk);
      return r && { value: r.reply, extra: r.extra };
    },
  };
}
