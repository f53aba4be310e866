// Pure parsers for replies of the text admin protocol, for gearmand 1.1.x and Perl
// Gearman::Server 1.130. They take the reply bytes exactly as the server sent them
// (including the final `.` line of list replies) and return typed rows. Names, client
// ids, handles and uniques are decoded with decodeName (see names.ts), so a name read
// here and passed back to an admin command refers to the same bytes.
// Anything malformed raises ProtocolError naming the command and the line; an `ERR`
// reply raises ServerError with the server's text.
import { ProtocolError } from './errors';
import { errFromLine, isErrLine, stripCr } from './adminErr';
import { decodeName } from './names';
import { bad, count, tabFields, toBytes } from './adminLine';
import { ListStream, type RowSink } from './adminStream';
import { prioritySink, statusSink, workersSink, type ListOptions, type WorkerRows } from './adminRows';
import type { Rows } from './adminKeep';

export type { Rows } from './adminKeep';
export type { ListOptions, WorkerRows } from './adminRows';

export { errFromLine, isErrLine, isUnknownCommandError } from './adminErr';

/** One function of `status`. */
export interface StatusRow {
  name: string;
  /** Queued plus running jobs, as the server counts them. */
  total: number;
  running: number;
  /** Connected workers that registered the function. */
  workers: number;
  /** Jobs waiting for a worker: total - running, never negative. */
  queued: number;
}

/** One function of `prioritystatus` (queued jobs per priority). */
export interface PriorityRow {
  name: string;
  high: number;
  normal: number;
  low: number;
  workers: number;
}

/** One connection of `workers` (clients and admin connections too, with no functions). */
export interface WorkerRow {
  fd: string;
  /** Peer address as the server prints it; may be IPv6 (gearmand 1.1.20 prints IPv6 peers garbled). */
  address: string;
  /** `-` when the connection never sent SET_CLIENT_ID; may be empty on gearmand. */
  clientId: string;
  functions: string[];
  /** Function names the worker registered beyond those kept (see adminRows.ts); absent when none. */
  functionsOmitted?: number;
}

/** One job of `show jobs`. */
export interface JobRow {
  handle: string;
  retries: number;
  ignore: boolean;
  queued: boolean;
}

/** What `version` told about the server. */
export interface ServerVersion {
  kind: 'gearmand' | 'perl' | 'unknown';
  /** Version without prefix: `1.1.20+ds`, `1.130.1`. */
  version: string;
  /** The reply line as sent. */
  raw: string;
}

const LF = 0x0a;

/** Splits reply bytes into lines without their LF and one trailing CR. A last line without LF is returned too. */
export function splitLines(reply: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (;;) {
    const lf = reply.indexOf(LF, start);
    const end = lf < 0 ? reply.length : lf;
    if (lf < 0 && start >= reply.length) break;
    lines.push(stripCr(reply.subarray(start, end)));
    if (lf < 0) break;
    start = lf + 1;
  }
  return lines;
}

/** The data rows of a list reply: throws ServerError on ERR, ProtocolError without the final `.` line. */
export function listRows(command: string, reply: Buffer | string): Buffer[] {
  const bytes = toBytes(reply);
  const firstLf = bytes.indexOf(LF);
  const first = bytes.subarray(0, firstLf < 0 ? bytes.length : firstLf);
  if (isErrLine(first)) throw errFromLine(command, first);
  const lines = splitLines(bytes);
  const dot = lines.findIndex((l) => l.length === 1 && l[0] === 0x2e);
  if (dot < 0 || (dot === lines.length - 1 && bytes[bytes.length - 1] !== LF)) throw noEnd(command);
  if (dot !== lines.length - 1) throw bad(command, lines[dot + 1], 'data after the final "." line');
  return lines.slice(0, dot);
}

function noEnd(command: string): ProtocolError {
  return new ProtocolError(`The \`${command}\` reply ended without its final "." line`, 'BAD_ADMIN_REPLY');
}

/** Reads a whole list reply through the same row sink the AdminClient streams into. */
function readList<T>(command: string, reply: Buffer | string, sink: RowSink<T>): T {
  const bytes = toBytes(reply);
  const end = new ListStream(command, Infinity, sink).push(bytes);
  if (!end) throw noEnd(command);
  if (end.error) throw end.error;
  if (end.extra > 0)
    throw bad(command, splitLines(bytes.subarray(bytes.length - end.extra))[0], 'data after the final "." line');
  return end.value as T;
}

/** Parses a `status` reply; `maxRows` keeps the rows adminRows.ts chooses and counts the rest. */
export function parseStatus(reply: Buffer | string, maxRows = Infinity, opts?: ListOptions): Rows<StatusRow> {
  return readList('status', reply, statusSink(maxRows, opts));
}

/** Parses a `prioritystatus` reply (gearmand 1.1.15+). */
export function parsePriorityStatus(reply: Buffer | string, maxRows = Infinity, opts?: ListOptions): Rows<PriorityRow> {
  return readList('prioritystatus', reply, prioritySink(maxRows, opts));
}

/** Parses a `workers` reply (see workerRow in adminRows.ts for the line format). */
export function parseWorkers(reply: Buffer | string, maxRows = Infinity): WorkerRows {
  return readList('workers', reply, workersSink(maxRows));
}

/** Parses a `show jobs` reply (gearmand only). */
export function parseShowJobs(reply: Buffer | string): JobRow[] {
  const c = 'show jobs';
  return listRows(c, reply).map((line) => {
    const [handle, r, i, q] = tabFields(c, line, 4);
    if (handle.length === 0) throw bad(c, line, 'empty job handle');
    return {
      handle: decodeName(handle),
      retries: count(c, line, r, 'retries'),
      ignore: count(c, line, i, 'ignore') !== 0,
      queued: count(c, line, q, 'queued') !== 0,
    };
  });
}

/**
 * Parses a `show unique jobs` reply: one unique id per line, an empty line for a job
 * without one (gearmand 1.1.20). A unique id of exactly "." cannot be told from the end.
 */
export function parseShowUniqueJobs(reply: Buffer | string): string[] {
  return listRows('show unique jobs', reply).map(decodeName);
}

/** The single line of a one-line reply; throws ServerError on ERR and ProtocolError when empty. */
export function singleLine(command: string, reply: Buffer | string): string {
  const bytes = toBytes(reply);
  const lf = bytes.indexOf(LF);
  const line = bytes.subarray(0, lf < 0 ? bytes.length : lf);
  if (lf >= 0 && lf !== bytes.length - 1)
    throw bad(command, bytes.subarray(lf + 1), 'more than one line in a one-line reply');
  if (isErrLine(line)) throw errFromLine(command, line);
  const text = stripCr(line);
  if (text.length === 0) throw new ProtocolError(`The \`${command}\` reply was empty`, 'BAD_ADMIN_REPLY');
  return text.toString('utf8');
}

/** Parses a bare `OK` reply (maxqueue, cancel job, create/drop function). */
export function parseOk(command: string, reply: Buffer | string): void {
  const line = singleLine(command, reply);
  if (line.trimEnd() !== 'OK') throw bad(command, toBytes(reply), 'expected OK');
}

function okValue(command: string, reply: Buffer | string): string {
  const line = singleLine(command, reply);
  const m = /^OK (.+)$/.exec(line);
  if (!m) throw bad(command, toBytes(reply), 'expected "OK <value>"');
  return m[1].trim();
}

/** Parses a `getpid` reply (`OK 1234`). */
export function parseGetPid(reply: Buffer | string): number {
  const v = okValue('getpid', reply);
  if (!/^\d{1,10}$/.test(v)) throw bad('getpid', toBytes(reply), 'not a process id');
  return Number(v);
}

/** Parses a `verbose` reply (`OK ERROR`): the server's log level. */
export function parseVerbose(reply: Buffer | string): string {
  return okValue('verbose', reply);
}

/** Parses a `version` reply: gearmand `OK 1.1.20+ds`, Perl `v1.130.1`, anything else `unknown`. */
export function parseVersion(reply: Buffer | string): ServerVersion {
  const raw = singleLine('version', reply);
  const line = raw.trim();
  const g = /^OK (\S+)$/.exec(line);
  if (g) return { kind: 'gearmand', version: g[1], raw };
  const p = /^v(\d+\.\d+(?:\.\d+)?)$/.exec(line);
  if (p) return { kind: 'perl', version: p[1], raw };
  return { kind: 'unknown', version: line, raw };
}
