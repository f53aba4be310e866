// Small helpers for reading one line of an admin reply: fields, counts, and the error that
// quotes a malformed line.
import { ProtocolError } from './errors';

const TAB = 0x09;

/** Reply text as bytes (strings are taken as UTF-8). */
export function toBytes(reply: Buffer | string): Buffer {
  return typeof reply === 'string' ? Buffer.from(reply, 'utf8') : reply;
}

function show(line: Buffer): string {
  const s = JSON.stringify(line.toString('latin1'));
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

/** The ProtocolError for a malformed line, quoting its first 200 characters. */
export function bad(command: string, line: Buffer, why: string): ProtocolError {
  return new ProtocolError(`Malformed \`${command}\` reply line ${show(line)}: ${why}`, 'BAD_ADMIN_REPLY');
}

/** A decimal count of at most 10 digits that fits 32 bits; throws naming `what` otherwise. */
export function count(command: string, line: Buffer, field: Buffer, what: string): number {
  const s = field.toString('latin1');
  if (!/^\d{1,10}$/.test(s) || Number(s) > 0xffffffff) throw bad(command, line, `${what} is not a count`);
  return Number(s);
}

/** The TAB-separated fields of a line; throws unless there are exactly `n`. */
export function tabFields(command: string, line: Buffer, n: number): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (;;) {
    const t = line.indexOf(TAB, start);
    if (t < 0) break;
    out.push(line.subarray(start, t));
    start = t + 1;
  }
  out.push(line.subarray(start));
  if (out.length !== n) throw bad(command, line, `expected ${n} TAB-separated fields, found ${out.length}`);
  return out;
}
