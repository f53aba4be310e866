// Client of the text admin protocol. One persistent connection per server, opened lazily
// and reopened after loss; commands go one at a time because replies carry no id and
// single-line replies have no terminator, so the reader must know what it asked for.
// Any doubt about where a reply ends (timeout, oversized reply, stray bytes) closes the
// connection, so the next command starts on a clean one instead of reading stale lines.
import type { Socket } from 'node:net';
import {
  AbortedError,
  ConnectionError,
  GearmanError,
  ProtocolError,
  ServerError,
  TimeoutError,
  UnsupportedCommandError,
} from './errors';
import { endpointLabel, openSocket, type Endpoint } from './endpoint';
import {
  parseGetPid,
  parseOk,
  parseShowJobs,
  parseShowUniqueJobs,
  parseVerbose,
  parseVersion,
  type JobRow,
  type PriorityRow,
  type ServerVersion,
  type StatusRow,
} from './adminParse';
import { isUnknownCommandError } from './adminErr';
import { commandSupported, serverTitle, unsupportedMessage, type AdminCommand } from './adminSupport';
import { decodeName, displayName, encodeName } from './names';
import { wholeReply, type Reader, type ReplyKind } from './adminReply';
import { checkWord, CRLF, describeBytes, line } from './adminArgs';
import { ListStream, type RowSink } from './adminStream';
import { prioritySink, statusSink, workersSink, type ListOptions, type WorkerRows } from './adminRows';
import type { Rows } from './adminKeep';

export type { AdminCommand } from './adminSupport';
export type { ReplyKind } from './adminReply';
export type { Rows } from './adminKeep';
export type { ListOptions, WorkerRows } from './adminRows';

/** Options of an AdminClient. */
export interface AdminClientOptions {
  /** Milliseconds to wait for the TCP/TLS connection. Default 5000. */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for one command's whole reply. Default 10000. */
  commandTimeoutMs?: number;
  /**
   * Largest reply accepted, in bytes; a longer one fails its command and closes the connection.
   * Default 16 MiB. `status`, `prioritystatus` and `workers` are read row by row and hold only
   * the rows they keep (see maxRows), so for them this bounds time, not memory.
   */
  maxReplyBytes?: number;
  /**
   * Rows kept from one `status`, `prioritystatus` or `workers` reply; the rest are counted in the
   * result's `omitted` (adminRows.ts says which rows are kept). Default: every row, because a
   * caller that asks for `status` to find one function must not get a silently shortened list;
   * a caller that polls for display (the registry) sets it.
   */
  maxRows?: number;
  /** Aborting closes the client for good. */
  signal?: AbortSignal;
}

/** Queue limits per priority for the 3-value `maxqueue` (gearmand only). 0 means unlimited. */
export interface QueueLimits {
  high: number;
  normal: number;
  low: number;
}

interface Pending {
  command: string;
  reader: Reader<unknown>;
  done(err: Error | undefined, value?: unknown): void;
}

/** Talks the text admin protocol to one gearmand (C or Perl). */
export class AdminClient {
  private sock: Socket | undefined;
  private info: ServerVersion | undefined;
  private pending: Pending | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private closed: GearmanError | undefined;
  private readonly label: string;
  private readonly connectTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  private readonly maxReplyBytes: number;
  private readonly maxRows: number;
  private readonly signal: AbortSignal | undefined;

  constructor(
    readonly endpoint: Endpoint,
    opts: AdminClientOptions = {},
  ) {
    this.label = endpointLabel(endpoint);
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
    this.commandTimeoutMs = opts.commandTimeoutMs ?? 10_000;
    this.maxReplyBytes = opts.maxReplyBytes ?? 16 * 1024 * 1024;
    this.maxRows = opts.maxRows ?? Infinity;
    this.signal = opts.signal;
    if (this.signal?.aborted) this.close();
    else this.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  /** What `version` said on the current (or last) connection; undefined before the first command. */
  get server(): ServerVersion | undefined {
    return this.info;
  }

  /** Whether the server is known to implement the command; undefined until its kind is known. */
  supports(command: AdminCommand): boolean | undefined {
    return commandSupported(this.info, command);
  }

  /** `status`: every function with its queued, running and worker counts (at most maxRows of them). */
  status(opts?: ListOptions): Promise<Rows<StatusRow>> {
    return this.list('status', () => statusSink(this.maxRows, opts));
  }

  /** `prioritystatus` (gearmand 1.1.15+): queued jobs per priority (at most maxRows functions). */
  priorityStatus(opts?: ListOptions): Promise<Rows<PriorityRow>> {
    return this.list('prioritystatus', () => prioritySink(this.maxRows, opts));
  }

  /** `workers`: every connection, with the functions it registered (at most maxRows connections). */
  workers(): Promise<WorkerRows> {
    return this.list('workers', () => workersSink(this.maxRows));
  }

  /** `show jobs` (gearmand): every job the server holds. */
  showJobs(): Promise<JobRow[]> {
    return this.run('show jobs', 'show jobs', 'list', parseShowJobs);
  }

  /** `show unique jobs` (gearmand): unique ids of held jobs ('' for jobs without one). */
  showUniqueJobs(): Promise<string[]> {
    return this.run('show unique jobs', 'show unique jobs', 'list', parseShowUniqueJobs);
  }

  /** The server kind and version (asked once per connection). */
  version(): Promise<ServerVersion> {
    return this.enqueue(async () => {
      await this.connect();
      return this.info as ServerVersion;
    });
  }

  /** `getpid` (gearmand): the server's process id. */
  getPid(): Promise<number> {
    return this.run('getpid', 'getpid', 'line', parseGetPid);
  }

  /** `verbose` (gearmand): the server's log level, e.g. `ERROR`. */
  verbose(): Promise<string> {
    return this.run('verbose', 'verbose', 'line', parseVerbose);
  }

  /**
   * `maxqueue`: limits the queue of a function; 0 means unlimited. Three limits (per
   * priority) need gearmand. Changes a live server: confirm with the user first.
   */
  async maxQueue(fn: string, limit: number | QueueLimits): Promise<void> {
    const name = checkWord('function name', fn);
    const limits = typeof limit === 'number' ? [limit] : [limit.high, limit.normal, limit.low];
    for (const n of limits) {
      if (!Number.isSafeInteger(n) || n < 0 || n > 0x7fffffff) {
        throw new GearmanError(
          `A queue limit must be a whole number from 0 (unlimited) to 2147483647, not ${n}`,
          'BAD_ARGUMENT',
        );
      }
    }
    const command: AdminCommand = limits.length === 3 ? 'maxqueue priorities' : 'maxqueue';
    return this.run(
      command,
      () => {
        // Perl reads 0 as "a queue of one job"; sending no limit is its "unlimited".
        const values = this.info?.kind === 'perl' && limits[0] === 0 ? [] : limits.map(String);
        return line('maxqueue', name, ...values);
      },
      'line',
      (r) => parseOk(`maxqueue ${displayName(fn)}`, r),
    );
  }

  /** `cancel job H` (gearmand): removes a queued job; a running job is not stopped. */
  async cancelJob(handle: string): Promise<void> {
    const h = checkWord('job handle', handle);
    return this.run(
      'cancel job',
      () => line('cancel job', h),
      'line',
      (r) => parseOk(`cancel job ${displayName(handle)}`, r),
    );
  }

  /** `create function F` (gearmand): lists a function with no workers or jobs. */
  async createFunction(name: string): Promise<void> {
    const n = checkWord('function name', name);
    return this.run(
      'create function',
      () => line('create function', n),
      'line',
      (r) => parseOk(`create function ${displayName(name)}`, r),
    );
  }

  /**
   * `drop function F` (gearmand): removes a function without workers or running jobs.
   * gearmand 1.1.x matches the name case-insensitively and can crash when the function
   * still has queued jobs: check `status` and confirm with the user first.
   */
  async dropFunction(name: string): Promise<void> {
    const n = checkWord('function name', name);
    return this.run(
      'drop function',
      () => line('drop function', n),
      'line',
      (r) => parseOk(`drop function ${displayName(name)}`, r),
    );
  }

  /** Sends one admin line as is and returns the reply text (ERR replies are returned, not thrown). */
  async raw(text: string, kind: ReplyKind): Promise<string> {
    const bytes = encodeName(text);
    if (bytes.length === 0 || bytes[0] === 0 || /[\r\n\0]/.test(text)) {
      throw new GearmanError('An admin command must be one non-empty line without CR, LF or NUL', 'BAD_ARGUMENT');
    }
    return this.enqueue(async () => {
      await this.connect();
      return decodeName(await this.exchange(text.split(' ', 1)[0], bytes, this.whole(kind)));
    });
  }

  /** Closes the connection for good; commands in flight or queued fail with AbortedError. */
  close(): void {
    if (this.closed) return;
    this.closed = new AbortedError(`The admin connection to ${this.label} was closed`, 'CLOSED');
    this.dropSocket(this.closed);
  }

  private run<T>(
    command: AdminCommand,
    text: string | (() => Buffer),
    kind: ReplyKind,
    parse: (reply: Buffer) => T,
  ): Promise<T> {
    return this.enqueue(async () => {
      await this.connect();
      if (this.supports(command) === false)
        throw new UnsupportedCommandError(unsupportedMessage(this.info, this.label, command), 'UNSUPPORTED');
      const reply = await this.exchange(
        command,
        typeof text === 'string' ? Buffer.from(text) : text(),
        this.whole(kind),
      );
      try {
        return parse(reply);
      } catch (e) {
        if (e instanceof ServerError) throw this.serverError(command, e);
        // A reply we cannot read says the peer is not what we think: start over next time.
        this.dropSocket(undefined);
        throw e;
      }
    });
  }

  /** A list command read row by row into `sink`; a malformed row closes the connection at once (see onData). */
  private list<T>(command: AdminCommand, sink: () => RowSink<T>): Promise<T> {
    return this.enqueue(async () => {
      await this.connect();
      if (this.supports(command) === false)
        throw new UnsupportedCommandError(unsupportedMessage(this.info, this.label, command), 'UNSUPPORTED');
      try {
        return await this.exchange(command, Buffer.from(command), new ListStream(command, this.maxReplyBytes, sink()));
      } catch (e) {
        throw e instanceof ServerError ? this.serverError(command, e) : e;
      }
    });
  }

  private serverError(command: AdminCommand, e: ServerError): Error {
    if (isUnknownCommandError(e))
      return new UnsupportedCommandError(unsupportedMessage(this.info, this.label, command), 'UNSUPPORTED');
    return new ServerError(`${serverTitle(this.info)} at ${this.label}: ${e.message}`, e.code);
  }

  private whole(kind: ReplyKind): Reader<Buffer> {
    return wholeReply(kind, this.maxReplyBytes);
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.tail.then(fn, fn);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** Opens the connection if needed and learns the server kind on it. */
  private async connect(): Promise<void> {
    if (this.closed) throw this.closed;
    if (this.sock) return;
    const sock = await openSocket(this.endpoint, { connectTimeoutMs: this.connectTimeoutMs, signal: this.signal });
    if (this.closed) {
      sock.destroy();
      throw this.closed;
    }
    this.sock = sock;
    sock.setKeepAlive(true, 30_000);
    sock.on('data', (chunk: Buffer) => {
      if (this.sock === sock) this.onData(chunk);
    });
    sock.on('error', () => {
      /* 'close' follows and reports it */
    });
    sock.on('close', () => {
      if (this.sock !== sock) return;
      this.dropSocket(new ConnectionError(`gearmand at ${this.label} closed the admin connection`, 'CONNECTION_LOST'));
    });
    try {
      this.info = parseVersion(await this.exchange('version', Buffer.from('version'), this.whole('line')));
    } catch (e) {
      if (!(e instanceof ServerError)) throw e;
      this.info = { kind: 'unknown', version: '', raw: e.message };
    }
  }

  private exchange<T>(command: string, text: Buffer, reader: Reader<T>): Promise<T> {
    const sock = this.sock;
    if (!sock)
      return Promise.reject(this.closed ?? new ConnectionError(`Not connected to ${this.label}`, 'CONNECTION_LOST'));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.dropSocket(
          new TimeoutError(
            `gearmand at ${this.label} did not answer \`${command}\` within ${this.commandTimeoutMs} ms; the connection was closed and will be reopened`,
            'COMMAND_TIMEOUT',
          ),
        );
      }, this.commandTimeoutMs);
      this.pending = {
        command,
        reader,
        done: (err, value) => {
          clearTimeout(timer);
          this.pending = undefined;
          if (err) reject(err);
          else resolve(value as T);
        },
      };
      sock.write(Buffer.concat([text, CRLF]));
    });
  }

  private onData(chunk: Buffer): void {
    const p = this.pending;
    if (!p) {
      // Bytes nobody asked for: whatever we read next would be misattributed.
      this.dropSocket(undefined);
      return;
    }
    let result: ReturnType<Reader<unknown>['push']>;
    try {
      result = p.reader.push(chunk);
    } catch (e) {
      // Too long, or a row we cannot read in mid-reply: the rest of the reply would be read as the next one.
      const tooBig =
        e instanceof ProtocolError && e.code === 'REPLY_TOO_LARGE'
          ? new ProtocolError(
              `The reply of gearmand at ${this.label} to \`${p.command}\` exceeds ${describeBytes(this.maxReplyBytes)}, the most this client accepts; the connection was closed`,
              'REPLY_TOO_LARGE',
            )
          : undefined;
      this.dropSocket(tooBig ?? (e as Error));
      return;
    }
    if (!result) return;
    p.done(result.error, result.value);
    if (result.extra > 0) this.dropSocket(undefined); // more than one reply: out of sync
  }

  /** Closes the socket; the command in flight (if any) fails with `err` or a ConnectionError. */
  private dropSocket(err: Error | undefined): void {
    const sock = this.sock;
    this.sock = undefined;
    sock?.destroy();
    const p = this.pending;
    if (p)
      p.done(
        err ??
          new ConnectionError(
            `The admin connection to ${this.label} was reset while waiting for \`${p.command}\``,
            'CONNECTION_LOST',
          ),
      );
  }
}
