// Fast paths for the lines of the replies the registry reads on every poll (`status`,
// `prioritystatus`, `workers`), taken when a line is plain ASCII, as gearmand sends it. They
// work on strings instead of a Buffer slice per field (several times faster on 10,000 rows).
// Any surprise returns undefined and the caller falls back to the exact, error-reporting parser.
import type { PriorityRow, StatusRow, WorkerRow } from './adminParse';

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

/** A `status` row from an ASCII line, or undefined. */
export function fastStatusLine(line: string): StatusRow | undefined {
  const f = line.split('\t');
  if (f.length !== 4) return undefined;
  const total = count(f[1]),
    running = count(f[2]),
    workers = count(f[3]);
  if (total < 0 || running < 0 || workers < 0) return undefined;
  return { name: f[0], total, running, workers, queued: Math.max(0, total - running) };
}

/** A `prioritystatus` row from an ASCII line, or undefined. */
export function fastPriorityLine(line: string): PriorityRow | undefined {
  const f = line.split('\t');
  if (f.length !== 5) return undefined;
  const high = count(f[1]),
    normal = count(f[2]),
    low = count(f[3]),
    workers = count(f[4]);
  if (high < 0 || normal < 0 || low < 0 || workers < 0) return undefined;
  return { name: f[0], high, normal, low, workers };
}

/**
 * A `workers` row from an ASCII line whose client id holds no " :" (the common case), or
 * undefined. At most `maxNames` function names are kept; the rest are counted.
 */
export function fastWorkerLine(line: string, maxNames: number): WorkerRow | undefined {
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || sp2 === sp1 + 1 || count(line.slice(0, sp1)) < 0) return undefined;
  const sep = line.indexOf(' :', sp2);
  // Ids with " :" inside, or a separator not followed by a space or the end, take the exact path.
  if (sep < 0 || (sep + 2 < line.length && line.charCodeAt(sep + 2) !== 32) || line.indexOf(' :', sep + 1) >= 0)
    return undefined;
  const functions: string[] = [];
  let omitted = 0;
  let start = sep + 3;
  while (start < line.length) {
    const sp = line.indexOf(' ', start);
    const end = sp < 0 ? line.length : sp;
    if (end > start) {
      if (functions.length < maxNames) functions.push(line.slice(start, end));
      else omitted++;
    }
    if (sp < 0) break;
    start = sp + 1;
  }
  const row: WorkerRow = {
    fd: line.slice(0, sp1),
    address: line.slice(sp1 + 1, sp2),
    clientId: line.slice(sp2 + 1, sep),
    functions,
  };
  if (omitted) row.functionsOmitted = omitted;
  return row;
}
