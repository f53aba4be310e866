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
import { fastStatus, fastWorkers } from './adminFast';

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
const TAB = 0x09;

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

function toBytes(reply: Buffer | string): Buffer {
  return typeof reply === 'string' ? Buffer.from(reply, 'utf8') : reply;
}

function show(line: Buffer): string {
  const s = JSON.stringify(line.toString('latin1'));
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

function bad(command: string, line: Buffer, why: string): ProtocolError {
  return new ProtocolError(`Malformed \`${command}\` reply line ${show(line)}: ${why}`, 'BAD_ADMIN_REPLY');
}

/** The data rows of a list reply: throws ServerError on ERR, ProtocolError without the final `.` line. */
export function listRows(command: string, reply: Buffer | string): Buffer[] {
  const bytes = toBytes(reply);
  const firstLf = bytes.indexOf(LF);
  const first = bytes.subarray(0, firstLf < 0 ? bytes.length : firstLf);
  if (isErrLine(first)) throw errFromLine(command, first);
  const lines = splitLines(bytes);
  const dot = lines.findIndex((l) => l.length === 1 && l[0] === 0x2e);
  if (dot < 0 || (dot === lines.length - 1 && bytes[bytes.length - 1] !== LF)) {
    throw new ProtocolError(`The \`${command}\` reply ended without its final "." line`, 'BAD_ADMIN_REPLY');
  }
  if (dot !== lines.length - 1) throw bad(command, lines[dot + 1], 'data after the final "." line');
  return lines.slice(0, dot);
}

function count(command: string, line: Buffer, field: Buffer, what: string): number {
  const s = field.toString('latin1');
  if (!/^\d{1,10}$/.test(s) || Number(s) > 0xffffffff) throw bad(command, line, `${what} is not a count`);
  return Number(s);
}

function tabFields(command: string, line: Buffer, n: number): Buffer[] {
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

/** Parses a `status` reply. */
export function parseStatus(reply: Buffer | string): StatusRow[] {
  const fast = fastStatus(toBytes(reply));
  if (fast) return fast;
  return listRows('status', reply).map((line) => {
    const [name, t, r, w] = tabFields('status', line, 4);
    const total = count('status', line, t, 'total');
    const running = count('status', line, r, 'running');
    return { name: decodeName(name), total, running, workers: count('status', line, w, 'workers'), queued: Math.max(0, total - running) };
  });
}

/** Parses a `prioritystatus` reply (gearmand 1.1.15+). */
export function parsePriorityStatus(reply: Buffer | string): PriorityRow[] {
  const c = 'prioritystatus';
  return listRows(c, reply).map((line) => {
    const [name, h, n, l, w] = tabFields(c, line, 5);
    return { name: decodeName(name), high: count(c, line, h, 'high'), normal: count(c, line, n, 'normal'), low: count(c, line, l, 'low'), workers: count(c, line, w, 'workers') };
  });
}

/**
 * Parses a `workers` reply: `FD ADDRESS CLIENT_ID : FUNC FUNC...`. The address may be
 * IPv6, so it is the second space-separated word, never split on ':'. The client id runs
 * to the first ` :` that is followed by a space or the end of the line (gearmand allows
 * spaces and an empty id); function names are space-separated after it.
 */
export function parseWorkers(reply: Buffer | string): WorkerRow[] {
  const fast = fastWorkers(toBytes(reply));
  if (fast) return fast;
  const c = 'workers';
  return listRows(c, reply).map((line) => {
    const sp1 = line.indexOf(0x20);
    const sp2 = sp1 < 0 ? -1 : line.indexOf(0x20, sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || sp2 === sp1 + 1) throw bad(c, line, 'expected "FD ADDRESS CLIENT_ID : FUNCTIONS"');
    const fd = line.subarray(0, sp1).toString('latin1');
    if (!/^-?\d+$/.test(fd)) throw bad(c, line, 'the first word is not a file descriptor');
    const rest = line.subarray(sp2 + 1);
    let sep = -1;
    for (let i = rest.indexOf(' :'); i >= 0; i = rest.indexOf(' :', i + 1)) {
      if (i + 2 === rest.length || rest[i + 2] === 0x20) { sep = i; break; }
    }
    if (sep < 0) throw bad(c, line, 'no " : " between the client id and the functions');
    const functions: string[] = [];
    let start = sep + 2;
    while (start <= rest.length) {
      const sp = rest.indexOf(0x20, start);
      const end = sp < 0 ? rest.length : sp;
      if (end > start) functions.push(decodeName(rest.subarray(start, end)));
      if (sp < 0) break;
      start = sp + 1;
    }
    return { fd, address: decodeName(line.subarray(sp1 + 1, sp2)), clientId: decodeName(rest.subarray(0, sep)), functions };
  });
}

/** Parses a `show jobs` reply (gearmand only). */
export function parseShowJobs(reply: Buffer | string): JobRow[] {
  const c = 'show jobs';
  return listRows(c, reply).map((line) => {
    const [handle, r, i, q] = tabFields(c, line, 4);
    if (handle.length === 0) throw bad(c, line, 'empty job handle');
    return { handle: decodeName(handle), retries: count(c, line, r, 'retries'), ignore: count(c, line, i, 'ignore') !== 0, queued: count(c, line, q, 'queued') !== 0 };
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
  if (lf >= 0 && lf !== bytes.length - 1) throw bad(command, bytes.subarray(lf + 1), 'more than one line in a one-line reply');
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
