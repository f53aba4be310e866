// What the live servers say about function names, read from registry snapshots. Only servers that
// answered recently count as checked: old data must never turn into "unknown function" errors.
import type { FunctionInfo, ServerSnapshot } from '../../registry/types';

/** Overall state of the live data. */
export type LiveStatus =
  | 'live' // at least one server answered recently
  | 'pending' // no answer yet, but some server has not been polled yet
  | 'stale' // servers answered once, but not recently
  | 'unreachable' // every server failed
  | 'none'; // no server may be contacted (all blocked)

/** One server's view of one function. */
export interface FunctionOnServer {
  server: ServerSnapshot;
  info?: FunctionInfo;
  /** Client ids of the worker connections that registered the function. */
  clientIds: string[];
  /** Epoch ms since when the function has had no worker on this server, when known. */
  workerlessSince?: number;
}

/** `prod (10.0.0.5:4730)`, or just `10.0.0.5:4730` when the server has no name of its own. */
export function serverLabel(s: Pick<ServerSnapshot, 'name' | 'id'>): string {
  return s.name === s.id ? s.id : `${s.name} (${s.id})`;
}

/** A read-only view over the registry snapshots at one moment. */
export class LiveView {
  readonly status: LiveStatus;
  /** Servers that answered recently: the ones names are checked against. */
  readonly checked: ServerSnapshot[];
  /** Servers that are down, stale or not polled yet. */
  readonly unchecked: ServerSnapshot[];

  constructor(
    readonly snapshots: ServerSnapshot[],
    now: number,
    staleAfterMs: number,
  ) {
    const usable = snapshots.filter((s) => s.health !== 'blocked');
    const fresh = (s: ServerSnapshot) =>
      s.health === 'up' && s.lastSeen !== undefined && now - s.lastSeen <= staleAfterMs;
    this.checked = usable.filter(fresh);
    this.unchecked = usable.filter((s) => !fresh(s));
    if (usable.length === 0) this.status = 'none';
    else if (this.checked.length) this.status = 'live';
    else if (usable.some((s) => s.health === 'unknown')) this.status = 'pending';
    else if (usable.some((s) => s.health === 'up')) this.status = 'stale';
    else this.status = 'unreachable';
  }

  // Per checked server, its functions by name: a workspace-wide check asks once per call site.
  private byName?: Map<string, FunctionInfo>[];

  private info(i: number, name: string): FunctionInfo | undefined {
    this.byName ??= this.checked.map((s) => new Map(s.functions.map((f) => [f.name, f])));
    return this.byName[i].get(name);
  }

  /** Workers registered for `name` over the checked servers. */
  workers(name: string): number {
    let n = 0;
    for (let i = 0; i < this.checked.length; i++) n += this.info(i, name)?.workers ?? 0;
    return n;
  }

  /** Jobs waiting for `name` over the checked servers. */
  queued(name: string): number {
    let n = 0;
    for (let i = 0; i < this.checked.length; i++) n += this.info(i, name)?.queued ?? 0;
    return n;
  }

  /** Per checked server: the function's counts and its workers' client ids. */
  perServer(name: string): FunctionOnServer[] {
    return this.checked.map((server, i) => ({
      server,
      info: this.info(i, name),
      // gearmand lists a worker that set no client id as '-': name it by its address instead.
      clientIds: server.workers
        .filter((w) => w.functions.includes(name))
        .map((w) => (w.clientId && w.clientId !== '-' ? w.clientId : w.address)),
      workerlessSince: this.info(i, name)?.workerlessSince,
    }));
  }

  /**
   * True when a checked server left functions out of its snapshot (gearman.explorer.maxRows) that
   * may have workers, and `name` is not among those it kept: nothing can be said about it there.
   * Functions with jobs or workers are kept first, so this needs every kept one to be busy.
   */
  mayBeHidden(name: string): boolean {
    const busy = (f: FunctionInfo) => f.queued + f.running + f.workers > 0;
    return this.checked.some((s, i) => !!s.functionsOmitted && s.functions.every(busy) && !this.info(i, name));
  }

  /** Names that have at least one worker on a checked server. */
  liveNames(): Set<string> {
    const out = new Set<string>();
    for (const s of this.checked) for (const f of s.functions) if (f.workers > 0) out.add(f.name);
    return out;
  }
}

/** `3 min`, `2 h 5 min`, `40 s`: how long ago `since` was. */
export function duration(since: number, now: number): string {
  const s = Math.max(0, Math.round((now - since) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} days`;
}
