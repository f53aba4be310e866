// Fast paths for the two replies the registry reads on every poll (`status`, `workers`),
// taken when the reply is plain ASCII with LF line ends, as gearmand sends it. They work on
// one string instead of a Buffer slice per field (several times faster on 10,000 rows). Any
// surprise returns undefined and the caller falls back to the exact, error-reporting parser.
import { isAscii } from 'node:buffer';
import type { StatusRow, WorkerRow } from './adminParse';

/** The data lines of an ASCII list reply, or undefined when the slow path must decide. */
function asciiRows(bytes: Buffer): string[] | undefined {
  if (!isAscii(bytes)) return undefined;
  const text = bytes.toString('latin1');
  if (text.includes('\r') || text.startsWith('ERR')) return undefined;
  if (text === '.\n') return [];
  if (!text.endsWith('\n.\n')) return undefined;
  const lines = text.slice(0, -3).split('\n');
  return lines.includes('.') ? undefined : lines;
}

/** A decimal count of at most 10 digits, or -1. */
function count(s: string): number {
  if (s.length === 0 || s.length > 10) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n > 0xffffffff ? -1 : n;
}

/** `status` rows from an ASCII reply, or undefined. */
export function fastStatus(bytes: Buffer): StatusRow[] | undefined {
  const lines = asciiRows(bytes);
  if (!lines) return undefined;
  const out: StatusRow[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i].split('\t');
    if (f.length !== 4) return undefined;
    const total = count(f[1]), running = count(f[2]), workers = count(f[3]);
    if (total < 0 || running < 0 || workers < 0) return undefined;
    out[i] = { name: f[0], total, running, workers, queued: Math.max(0, total - running) };
  }
  return out;
}

/** `workers` rows from an ASCII reply whose client ids hold no " :" (the common case), or undefined. */
export function fastWorkers(bytes: Buffer): WorkerRow[] | undefined {
  const lines = asciiRows(bytes);
  if (!lines) return undefined;
  const out: WorkerRow[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const sp1 = line.indexOf(' ');
    const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || sp2 === sp1 + 1 || count(line.slice(0, sp1)) < 0) return undefined;
    const sep = line.indexOf(' :', sp2);
    // Ids with " :" inside, or a separator not followed by a space or the end, take the exact path.
    if (sep < 0 || (sep + 2 < line.length && line.charCodeAt(sep + 2) !== 32) || line.indexOf(' :', sep + 1) >= 0) return undefined;
    const tail = line.slice(sep + 3);
    out[i] = {
      fd: line.slice(0, sp1),
      address: line.slice(sp1 + 1, sp2),
      clientId: line.slice(sp2 + 1, sep),
      functions: tail.length ? tail.split(' ').filter((f) => f.length > 0) : [],
    };
  }
  return out;
}
