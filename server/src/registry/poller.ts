// Polls one gearmand on a timer while active, backing off after failures.
import { UnsupportedCommandError, type ListOptions, type Rows, type WorkerRows } from '../gearman';
import { applyFailure, applyPoll, type PollData } from './snapshot';
import type { ServerConfig, ServerSnapshot } from './types';

/** The admin calls the poller needs (AdminClient implements them). */
export interface AdminLike {
  status(opts?: ListOptions): Promise<Rows<PollData['status'][number]>>;
  priorityStatus(opts?: ListOptions): Promise<NonNullable<PollData['priority']>>;
  workers(): Promise<WorkerRows>;
  version(): Promise<NonNullable<PollData['version']>>;
  close(): void;
}

/** What a poller reports to its registry. */
export interface PollerHost {
  createAdmin(cfg: ServerConfig): AdminLike | Promise<AdminLike>;
  /** A new snapshot, with the one it replaces. */
  changed(snapshot: ServerSnapshot, previous: ServerSnapshot): void;
  /** A poll that changed nothing answered: the snapshot is the same object, with a newer lastSeen. */
  seen?(snapshot: ServerSnapshot): void;
  log(level: 'info' | 'warn' | 'error' | 'debug', message: string): void;
  intervalMs(): number;
  /** Which rows to keep first when a server lists more than maxRows (the view's filter). */
  listOptions(): ListOptions;
}

const MAX_BACKOFF_MS = 60_000;
// Version rarely changes; read it on (re)connect and then every so often.
const VERSION_EVERY = 20;

/** One server's poll loop. */
export class ServerPoller {
  private admin: AdminLike | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private polls = 0;
  private inFlight: Promise<void> | undefined;
  private active = false;
  private disposed = false;
  private priorityUnsupported = false;

  constructor(
    readonly cfg: ServerConfig,
    public snapshot: ServerSnapshot,
    private readonly host: PollerHost,
  ) {}

  /** Starts or stops the timer; starting polls at once. */
  setActive(active: boolean): void {
    // A blocked server is never contacted, not even once.
    if (this.active === active || this.disposed || this.cfg.blocked) return;
    this.active = active;
    if (active) this.schedule(0);
    else this.clearTimer();
  }

  /** Polls now (waits for a poll already running), ignoring backoff. */
  async pollNow(): Promise<void> {
    if (this.cfg.blocked || this.disposed) return;
    this.clearTimer();
    await this.runPoll();
    if (this.active) this.schedule(this.nextDelay());
  }

  /** Closes the connection; the next poll opens a new one (with fresh secrets). */
  reconnect(): void {
    this.admin?.close();
    this.admin = undefined;
  }

  /** Stops polling and closes the connection. */
  dispose(): void {
    this.disposed = true;
    this.active = false;
    this.clearTimer();
    this.admin?.close();
    this.admin = undefined;
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runPoll().then(() => {
        if (this.active) this.schedule(this.nextDelay());
      });
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private nextDelay(): number {
    const base = this.host.intervalMs();
    if (this.failures === 0) return base;
    const backoff = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(this.failures - 1, 6));
    return Math.max(base, backoff * (0.8 + Math.random() * 0.4));
  }

  private runPoll(): Promise<void> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async poll(): Promise<void> {
    const first = !this.admin;
    let admin: AdminLike | undefined;
    try {
      this.admin ??= await this.host.createAdmin(this.cfg);
      admin = this.admin;
      if (this.disposed) return this.reconnect();
      const needVersion = first || this.polls % VERSION_EVERY === 0 || !this.snapshot.version;
      const version = needVersion ? await admin.version() : undefined;
      const kind = version?.kind ?? this.snapshot.kind;
      const opts = this.host.listOptions();
      const status = await admin.status(opts);
      const workers = await admin.workers();
      const priority =
        kind === 'gearmand' && !this.priorityUnsupported ? await this.readPriority(admin, opts) : undefined;
      if (this.disposed) return;
      this.polls++;
      const wasDown = this.snapshot.health !== 'up';
      this.update(
        applyPoll(
          this.snapshot,
          {
            status,
            workers,
            priority,
            version,
            functionsOmitted: status.omitted,
            workersOmitted: workers.omittedWorkers,
          },
          Date.now(),
        ),
      );
      if (wasDown)
        this.host.log(
          'info',
          `Connected to ${this.cfg.name} (${this.cfg.id}): ${describeKind(this.snapshot)}, ${status.length + status.omitted} functions, ${this.snapshot.workers.length + (this.snapshot.workersOmitted ?? 0)} workers`,
        );
      this.failures = 0;
    } catch (err) {
      if (this.disposed) return;
      admin?.close();
      this.admin = undefined;
      this.failures++;
      const message = (err as Error).message || String(err);
      if (this.snapshot.error !== message)
        this.host.log(
          this.snapshot.health === 'up' ? 'error' : 'warn',
          `${this.cfg.name} (${this.cfg.id}) is down: ${message}`,
        );
      this.update(applyFailure(this.snapshot, message, Date.now()));
    }
  }

  // prioritystatus exists from gearmand 1.1.15 on; older servers answer ERR, which is not a failure.
  private async readPriority(admin: AdminLike, opts: ListOptions): Promise<PollData['priority']> {
    try {
      return await admin.priorityStatus(opts);
    } catch (err) {
      if (err instanceof UnsupportedCommandError) {
        this.priorityUnsupported = true;
        return undefined;
      }
      throw err;
    }
  }

  private update(next: ServerSnapshot): void {
    if (next === this.snapshot) {
      if (next.health === 'up') this.host.seen?.(next);
      return;
    }
    const previous = this.snapshot;
    this.snapshot = next;
    this.host.changed(next, previous);
  }
}

function describeKind(s: ServerSnapshot): string {
  if (s.kind === 'perl') return `Perl Gearman::Server ${s.version ?? ''}`.trim();
  return `gearmand ${s.version ?? ''}`.trim();
}
