// Pure snapshot building: admin replies in, a new snapshot out, with the previous one
// returned unchanged (same object) when nothing differs, so callers can skip sending.
import { commandSupported, type AdminCommand } from '../gearman/adminSupport';
import type { AdminCapability, FunctionInfo, ServerConfig, ServerSnapshot, WorkerInfo } from './types';

/** What one successful poll read from a server (already parsed). */
export interface PollData {
  status: { name: string; running: number; queued: number; workers: number }[];
  priority?: { name: string; high: number; normal: number; low: number }[];
  workers: { fd: string; address: string; clientId: string; functions: string[] }[];
  version?: { kind: 'gearmand' | 'perl' | 'unknown'; version: string };
}

/** A snapshot for a server that has not been polled yet. */
export function initialSnapshot(cfg: ServerConfig): ServerSnapshot {
  const s: ServerSnapshot = {
    id: cfg.id, name: cfg.name, host: cfg.host, port: cfg.port, tls: !!cfg.tls, source: cfg.source,
    health: 'unknown', functions: [], workers: [], actions: [], revision: 0,
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
  const prio = new Map((data.priority ?? []).map((p) => [p.name, p]));
  const functions: FunctionInfo[] = data.status.map((s) => {
    const p = prio.get(s.name);
    const f: FunctionInfo = { name: s.name, queued: s.queued, running: s.running, workers: s.workers };
    if (p) f.priority = { high: p.high, normal: p.normal, low: p.low };
    return f;
  });
  // `workers` also lists clients and the admin connection itself: only connections
  // that registered something are workers.
  const workers: WorkerInfo[] = data.workers.filter((w) => w.functions.length > 0)
    .map((w) => ({ fd: w.fd, address: w.address, clientId: w.clientId, functions: w.functions }));
  const workerlessSince = trackWorkerless(prev, functions, now);
  const kind = data.version?.kind ?? prev.kind;
  const version = data.version?.version ?? prev.version;
  const actions = adminCapabilities(kind, version ?? '', !!prev.readOnly);
  const same = prev.health === 'up' && prev.error === undefined && prev.kind === kind && prev.version === version
    && prev.actions.join() === actions.join()
    && sameFunctions(prev.functions, functions) && sameWorkers(prev.workers, workers)
    && sameRecord(prev.workerlessSince, workerlessSince);
  if (same) {
    prev.lastSeen = now;
    prev.lastPolled = now;
    return prev;
  }
  return { ...prev, health: 'up', error: undefined, kind, version, actions, functions, workers, workerlessSince, lastSeen: now, lastPolled: now, revision: prev.revision + 1 };
}

const CAPABILITIES: [AdminCapability, AdminCommand, boolean][] = [
  ['jobs', 'show jobs', false], ['uniques', 'show unique jobs', false], ['cancel', 'cancel job', true],
  ['create', 'create function', true], ['drop', 'drop function', true], ['maxqueue', 'maxqueue', true], ['maxqueue3', 'maxqueue priorities', true],
];

/** The admin actions to offer for a server of this kind and version; none that change it when it is readOnly. */
export function adminCapabilities(kind: ServerSnapshot['kind'], version: string, readOnly: boolean): AdminCapability[] {
  if (!kind) return [];
  const v = { kind, version, raw: '' };
  return CAPABILITIES.filter(([cap, cmd, changes]) => !(changes && readOnly) && (commandSupported(v, cmd) === true || (cap === 'jobs' && kind === 'perl'))).map(([cap]) => cap);
}

/** Applies a failed poll: the server is down (or blocked), with a message; old data is kept for display. */
export function applyFailure(prev: ServerSnapshot, error: string, now: number, health: 'down' | 'blocked' = 'down'): ServerSnapshot {
  prev.lastPolled = now;
  if (prev.health === health && prev.error === error) return prev;
  return { ...prev, health, error, lastPolled: now, revision: prev.revision + 1 };
}

function trackWorkerless(prev: ServerSnapshot, functions: FunctionInfo[], now: number): Record<string, number> | undefined {
  let out: Record<string, number> | undefined;
  // Keyed by names a server sends: no prototype, so `__proto__` or `toString` are names like any other.
  const before = prev.workerlessSince;
  for (const f of functions) {
    if (f.workers > 0) continue;
    out ??= Object.create(null) as Record<string, number>;
    out[f.name] = before && Object.hasOwn(before, f.name) ? before[f.name] : now;
  }
  return out;
}

function sameFunctions(a: FunctionInfo[], b: FunctionInfo[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x.name !== y.name || x.queued !== y.queued || x.running !== y.running || x.workers !== y.workers) return false;
    const p = x.priority, q = y.priority;
    if (p !== q && (!p || !q || p.high !== q.high || p.normal !== q.normal || p.low !== q.low)) return false;
  }
  return true;
}

function sameWorkers(a: WorkerInfo[], b: WorkerInfo[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x.fd !== y.fd || x.address !== y.address || x.clientId !== y.clientId || x.functions.length !== y.functions.length) return false;
    for (let j = 0; j < x.functions.length; j++) if (x.functions[j] !== y.functions[j]) return false;
  }
  return true;
}

function sameRecord(a: Record<string, number> | undefined, b: Record<string, number> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}
