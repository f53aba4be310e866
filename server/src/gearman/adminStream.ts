// Reads a list reply (`status`, `workers`, ...) row by row as its bytes arrive: memory holds the
// partial last line and whatever the row sink keeps, never the whole reply. The reply ends at a
// line holding only `.`, or at once when its first line is an `ERR` answer. A run of complete
// lines that is plain ASCII (what gearmand sends) is decoded once as one string; other lines
// go to the sink as bytes for the exact, name-preserving parser.
import { isAscii } from 'node:buffer';
import { ProtocolError, type ServerError } from './errors';
import { errFromLine, isErrLine, stripCr } from './adminErr';
import { appendBytes } from './adminReply';

/** Where the data lines of a list reply go; `result` is called once the reply ended. */
export interface RowSink<T> {
  /** One data line without its LF and CR: a string when the line is ASCII, else its bytes. */
  line(line: string | Buffer): void;
  result(): T;
}

/** How a list reply ended: its result or the server's ERR, and how many bytes followed it (more than zero: the peer sent something unasked). */
export interface ListEnd<T> {
  value?: T;
  error?: ServerError;
  extra: number;
}

const LF = 0x0a;
const DOT = 0x2e;

/** Feeds the lines of one list reply to a sink as chunks arrive. */
export class ListStream<T> {
  private buf: Buffer = Buffer.alloc(0);
  private len = 0;
  private scanned = 0; // bytes of buf already searched for LF
  private consumed = 0; // bytes of the reply before buf[0]
  private first = true;

  constructor(
    private readonly command: string,
    private readonly maxBytes: number,
    private readonly sink: RowSink<T>,
  ) {}

  /**
   * Adds a chunk; returns how the reply ended once it did. Throws ProtocolError past maxBytes
   * (REPLY_TOO_LARGE), and whatever the sink throws for a malformed row.
   */
  push(chunk: Buffer): ListEnd<T> | undefined {
    this.append(chunk);
    // Only the new bytes can hold a line end: everything before was searched already.
    const found = this.buf.subarray(this.scanned, this.len).lastIndexOf(LF);
    const lastLf = found < 0 ? -1 : this.scanned + found;
    if (lastLf < 0) {
      this.scanned = this.len;
      this.checkSize(this.len);
      return undefined;
    }
    let start = 0;
    if (this.first) {
      const lf = this.buf.indexOf(LF);
      this.checkSize(lf + 1);
      this.first = false;
      const line = this.buf.subarray(0, lf);
      if (isErrLine(line)) return { error: errFromLine(this.command, line), extra: this.len - lf - 1 };
      const end = this.take(stripCr(line), lf);
      if (end) return end;
      start = lf + 1;
    }
    const end = start <= lastLf ? this.lines(start, lastLf) : undefined;
    if (end) return end;
    // Keep the partial line only; it lies in the chunk just added, so this copy is at most one chunk.
    this.consumed += lastLf + 1;
    this.buf.copy(this.buf, 0, lastLf + 1, this.len);
    this.len -= lastLf + 1;
    this.scanned = this.len;
    return undefined;
  }

  /** Handles the complete lines in buf[start..lastLf]; returns the end when the `.` line is among them. */
  private lines(start: number, lastLf: number): ListEnd<T> | undefined {
    const region = this.buf.subarray(start, lastLf + 1);
    if (isAscii(region)) {
      const text = region.toString('latin1');
      let from = 0;
      while (from < text.length) {
        const lf = text.indexOf('\n', from);
        const raw = text.slice(from, lf);
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line === '.') return this.finish(start + lf);
        this.checkSize(start + lf + 1);
        this.sink.line(line);
        from = lf + 1;
      }
      return undefined;
    }
    let from = start;
    while (from <= lastLf) {
      const lf = this.buf.indexOf(LF, from);
      const end = this.take(stripCr(this.buf.subarray(from, lf)), lf);
      if (end) return end;
      from = lf + 1;
    }
    return undefined;
  }

  /** One line given as bytes: the end of the reply, or a row for the sink. */
  private take(line: Buffer, lf: number): ListEnd<T> | undefined {
    if (line.length === 1 && line[0] === DOT) return this.finish(lf);
    this.checkSize(lf + 1);
    // A copy: the sink may keep the row and buf is reused.
    this.sink.line(Buffer.from(line));
    return undefined;
  }

  private finish(lf: number): ListEnd<T> {
    this.checkSize(lf + 1);
    return { value: this.sink.result(), extra: this.len - lf - 1 };
  }

  /** Throws when the reply is longer than maxBytes once `upTo` bytes of buf are counted. */
  private checkSize(upTo: number): void {
    if (this.consumed + upTo > this.maxBytes)
      throw new ProtocolError(`Reply exceeds ${this.maxBytes} bytes`, 'REPLY_TOO_LARGE');
  }

  private append(chunk: Buffer): void {
    this.buf = appendBytes(this.buf, this.len, chunk);
    this.len += chunk.length;
  }
}
