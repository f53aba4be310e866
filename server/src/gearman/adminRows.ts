// Rows of the three replies a poller reads (`status`, `prioritystatus`, `workers`): the exact
// parser of one line, and the sinks that keep at most maxRows rows as the reply streams in.
//
// Which rows are kept when a reply has more than maxRows (see compare below):
//   status, prioritystatus: functions with jobs or workers first (what a user acts on and what
//     name checks need), then functions the caller prefers (the view's filter), then the rest;
//     within each group by name, so the same server gives the same rows poll after poll.
//   workers: connections that registered functions first (the others are clients and admin
//     connections), then in reply order. A kept row lists at most maxRows function names, and
//     all kept rows together at most NAMES_PER_WORKER x maxRows; the names left out are counted.
import { bad, count, tabFields } from './adminLine';
import { fastPriorityLine, fastStatusLine, fastWorkerLine } from './adminFast';
import { RowKeeper, type Rows } from './adminKeep';
import type { RowSink } from './adminStream';
import { decodeName } from './names';
import type { PriorityRow, StatusRow, WorkerRow } from './adminParse';

/** Per-call choices of a list read. */
export interface ListOptions {
  /** Idle functions this returns true for are kept before other idle ones (e.g. names matching a filter). */
  prefer?: (name: string) => boolean;
}

/** Function names kept over all worker rows, per row allowed: a farm of maxRows workers with 16 functions each fits. */
export const NAMES_PER_WORKER = 16;

/** Parses one `status` line. */
export function statusRow(line: Buffer): StatusRow {
  const [name, t, r, w] = tabFields('status', line, 4);
  const total = count('status', line, t, 'total');
  const running = count('status', line, r, 'running');
  return {
    name: decodeName(name),
    total,
    running,
    workers: count('status', line, w, 'workers'),
    queued: Math.max(0, total - running),
  };
}

/** Parses one `prioritystatus` line. */
export function priorityRow(line: Buffer): PriorityRow {
  const c = 'prioritystatus';
  const [name, h, n, l, w] = tabFields(c, line, 5);
  return {
    name: decodeName(name),
    high: count(c, line, h, 'high'),
    normal: count(c, line, n, 'normal'),
    low: count(c, line, l, 'low'),
    workers: count(c, line, w, 'workers'),
  };
}

/**
 * Parses one `workers` line: `FD ADDRESS CLIENT_ID : FUNC FUNC...`. The address may be IPv6, so
 * it is the second space-separated word, never split on ':'. The client id runs to the first
 * ` :` that is followed by a space or the end of the line (gearmand allows spaces and an empty
 * id); function names are space-separated after it, at most `maxNames` kept.
 */
export function workerRow(line: Buffer, maxNames = Infinity): WorkerRow {
  const c = 'workers';
  const sp1 = line.indexOf(0x20);
  const sp2 = sp1 < 0 ? -1 : line.indexOf(0x20, sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || sp2 === sp1 + 1) throw bad(c, line, 'expected "FD ADDRESS CLIENT_ID : FUNCTIONS"');
  const fd = line.subarray(0, sp1).toString('latin1');
  if (!/^-?\d+$/.test(fd)) throw bad(c, line, 'the first word is not a file descriptor');
  const rest = line.subarray(sp2 + 1);
  let sep = -1;
  for (let i = rest.indexOf(' :'); i >= 0; i = rest.indexOf(' :', i + 1)) {
    if (i + 2 === rest.length || rest[i + 2] === 0x20) {
      sep = i;
      break;
    }
  }
  if (sep < 0) throw bad(c, line, 'no " : " between the client id and the functions');
  const functions: string[] = [];
  let omitted = 0;
  let start = sep + 2;
  while (start <= rest.length) {
    const sp = rest.indexOf(0x20, start);
    const end = sp < 0 ? rest.length : sp;
    if (end > start) {
      if (functions.length < maxNames) functions.push(decodeName(rest.subarray(start, end)));
      else omitted++;
    }
    if (sp < 0) break;
    start = sp + 1;
  }
  const row: WorkerRow = {
    fd,
    address: decodeName(line.subarray(sp1 + 1, sp2)),
    clientId: decodeName(rest.subarray(0, sep)),
    functions,
  };
  if (omitted) row.functionsOmitted = omitted;
  return row;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** 0 for a function with jobs or workers, 1 for an idle one the caller prefers, 2 for the rest. */
function tier(busy: boolean, name: string, opts: ListOptions): number {
  return busy ? 0 : opts.prefer?.(name) ? 1 : 2;
}

/** True when a `status` row has jobs or workers (as FunctionInfo: queued + running + workers > 0). */
export function statusBusy(r: StatusRow): boolean {
  return r.total > 0 || r.running > 0 || r.workers > 0;
}

function bytesOf(line: string | Buffer): Buffer {
  return typeof line === 'string' ? Buffer.from(line, 'latin1') : line;
}

/** A sink for `status` rows keeping at most maxRows of them. */
export function statusSink(maxRows = Infinity, opts: ListOptions = {}): RowSink<Rows<StatusRow>> {
  const keep = new RowKeeper<StatusRow>(
    maxRows,
    (a, b) => tier(statusBusy(a), a.name, opts) - tier(statusBusy(b), b.name, opts) || byName(a, b),
  );
  return {
    line: (l) => {
      keep.add((typeof l === 'string' && fastStatusLine(l)) || statusRow(bytesOf(l)));
    },
    result: () => keep.rows(),
  };
}

/** A sink for `prioritystatus` rows keeping at most maxRows of them (chosen as for status). */
export function prioritySink(maxRows = Infinity, opts: ListOptions = {}): RowSink<Rows<PriorityRow>> {
  const busy = (r: PriorityRow) => r.high + r.normal + r.low + r.workers > 0;
  const keep = new RowKeeper<PriorityRow>(
    maxRows,
    (a, b) => tier(busy(a), a.name, opts) - tier(busy(b), b.name, opts) || byName(a, b),
  );
  return {
    line: (l) => {
      keep.add((typeof l === 'string' && fastPriorityLine(l)) || priorityRow(bytesOf(l)));
    },
    result: () => keep.rows(),
  };
}

/** `workers` rows, with how many of the rows not kept were workers (connections that registered functions). */
export type WorkerRows = Rows<WorkerRow> & { readonly omittedWorkers: number };

const isWorker = (r: WorkerRow) => r.functions.length > 0 || !!r.functionsOmitted;

/** A sink for `workers` rows keeping at most maxRows of them, with a budget of function names. */
export function workersSink(maxRows = Infinity): RowSink<WorkerRows> {
  let omittedWorkers = 0;
  const rank = (r: WorkerRow) => (isWorker(r) ? 0 : 1);
  const keep = new RowKeeper<WorkerRow>(
    maxRows,
    (a, b) => rank(a) - rank(b),
    (r) => {
      if (isWorker(r)) omittedWorkers++;
    },
  );
  // Rows with functions are never pushed out by later rows (ties go to the earlier row), so
  // names counted here stay kept; a row without functions that is pushed out had none.
  let names = maxRows * NAMES_PER_WORKER;
  return {
    line: (l) => {
      const max = Math.min(maxRows, names);
      const row = (typeof l === 'string' && fastWorkerLine(l, max)) || workerRow(bytesOf(l), max);
      if (keep.add(row)) names -= row.functions.length;
    },
    result: () =>
      Object.defineProperty(keep.rows(), 'omittedWorkers', { value: omittedWorkers, enumerable: false }) as WorkerRows,
  };
}
