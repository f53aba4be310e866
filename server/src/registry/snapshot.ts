// Pure snapshot building: admin replies in, a new snapshot out, with the previous one
// returned unchanged (same object) when nothing differs, so callers can skip sending.
import { announcedActions } from '../features/admin/actions';
import { byFd, byName, sameFunction, sameWorker } from './delta';
import type { FunctionInfo, ServerConfig, ServerSnapshot, WorkerInfo } from './types';

/** What one successful poll read from a server (already parsed). */
export interface PollData {
  status: { name: string; running: number; queued: number; workers: number }[];
  priority?: { name: string; high: number; normal: number; low: number }[];
  workers: { fd: string; address: string; clientId: string; functions: string[]; functionsOmitted?: number }[];
  version?: { kind: 'gearmand' | 'perl' | 'unknown'; version: string };
  /** `status` rows the admin client did not keep (its maxRows). */
  functionsOmitted?: number;
  /** Worker connections the admin client did not keep. */
  workersOmitted?: number;
}

/** A snapshot for a server that has not been polled yet. */
export function initialSnapshot(cfg: ServerConfig): ServerSnapshot {
  const s: ServerSnapshot = {
    id: cfg.id,
    name: cfg.name,
    host: cfg.host,
    port: cfg.port,
    tls: !!cfg.tls,
    source: cfg.source,
    health: 'unknown',
    functions: [],
    workers: [],
    actions: [],
    revision: 0,
    ...(cfg.tls?.insecureSkipVerify ? { tlsUnverified: true } : {}),
    ...(cfg.readOnly ? { readOnly: true } : {}),
  };
  if (cfg.blocked) {
    s.health = 'blocked';
    s.error = cfg.blocked;
  }
  return s;
}

/** Applies a successful poll; returns `prev` itself when nothing visible changed. */
export function applyPoll(prev: ServerSnapshot, data: PollData, now: number): ServerSnapshot {
  // Maps, not objects: names come from the server, and `__proto__` or `toString` are names too.
  const prio = new Map((data.priority ?? []).map((p) => [p.name, p]));
  const before = new Map(prev.functions.map((f) => [f.name, f]));
  const byNameSeen = new Map<string, FunctionInfo>();
  for (const s of data.status) {
    if (byNameSeen.has(s.name)) continue; // a server that repeats a name: the first row counts (and the rest below)
    const f: FunctionInfo = { name: s.name, queued: s.queued, running: s.running, workers: s.workers };
    const p = prio.get(s.name);
    if (p) f.priority = { high: p.high, normal: p.normal, low: p.low };
    if (s.workers === 0) f.workerlessSince = before.get(s.name)?.workerlessSince ?? now;
    byNameSeen.set(s.name, f);
  }
  const functions = [...byNameSeen.values()].sort(byName);
  // `workers` also lists clients and the admin connection itself: only connections
  // that registered something are workers.
  const byFdSeen = new Map<string, WorkerInfo>();
  for (const w of data.workers) {
    if ((w.functions.length === 0 && !w.functionsOmitted) || byFdSeen.has(w.fd)) continue;
    const info: WorkerInfo = { fd: w.fd, address: w.address, clientId: w.clientId, functions: w.functions };
    if (w.functionsOmitted) info.functionsOmitted = w.functionsOmitted;
    byFdSeen.set(w.fd, info);
  }
  const workers = [...byFdSeen.values()].sort(byFd);
  const functionsOmitted = (data.functionsOmitted ?? 0) + (data.status.length - functions.length) || undefined;
  const workersOmitted = data.workersOmitted || undefined;
  const kind = data.version?.kind ?? prev.kind;
  const version = data.version?.version ?? prev.version;
  const actions = adminCapabilities(kind, version ?? '', !!prev.readOnly);
  const same =
    prev.health === 'up' &&
    prev.error === undefined &&
    prev.kind === kind &&
    prev.version === version &&
    prev.actions.join() === actions.join() &&
    prev.functionsOmitted === functionsOmitted &&
    prev.workersOmitted === workersOmitted &&
    sameRows(prev.functions, functions, sameFunction) &&
    sameRows(prev.workers, workers, sameWorker);
  if (same) {
    prev.lastSeen = now;
    prev.lastPolled = now;
    return prev;
  }
  const next: ServerSnapshot = {
    ...prev,
    health: 'up',
    error: undefined,
    kind,
    version,
    actions,
    functions,
    workers,
    functionsOmitted,
    workersOmitted,
    lastSeen: now,
    lastPolled: now,
    revision: prev.revision + 1,
  };
  if (functionsOmitted === undefined) delete next.functionsOmitted;
  if (workersOmitted === undefined) delete next.workersOmitted;
  return next;
}

/** The admin actions to offer for a server of this kind and version (from the action table); none that change it when it is readOnly. */
export function adminCapabilities(kind: ServerSnapshot['kind'], version: string, readOnly: boolean): string[] {
  return kind ? announcedActions({ kind, version, raw: '' }, readOnly) : [];
}

/** Applies a failed poll: the server is down (or blocked), with a message; old data is kept for display. */
export function applyFailure(
  prev: ServerSnapshot,
  error: string,
  now: number,
  health: 'down' | 'blocked' = 'down',
): ServerSnapshot {
  prev.lastPolled = now;
  if (prev.health === health && prev.error === error) return prev;
  return { ...prev, health, error, lastPolled: now, revision: prev.revision + 1 };
}

function sameRows<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]));
}
