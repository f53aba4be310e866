// A server's change as it crosses the wire: the function and worker rows added, changed or
// removed (by name and by fd), the top-level fields that changed, and the revision it applies
// to. Pure and shared: the language server builds patches (diffSnapshots), every client applies
// them (applyPatch, re-exported by protocol.ts), and a client whose revision differs asks for
// the whole registry (gearman/getRegistry) instead of guessing.
import type { FunctionInfo, ServerSnapshot, WorkerInfo } from './types';

/** Top-level fields of a snapshot: everything but its identity, revision and rows. */
export type ServerFields = Omit<ServerSnapshot, 'id' | 'revision' | 'functions' | 'workers'>;

/** The change of one server from revision `base` to `revision` (see protocol.ts, RegistryDelta). */
export interface ServerPatch {
  id: string;
  /** The revision this patch applies to. */
  base: number;
  /** The revision after it. */
  revision: number;
  /** Fields with a new value. */
  set?: Partial<ServerFields>;
  /** Fields that are gone. */
  unset?: (keyof ServerFields)[];
  /** Functions new or changed, whole. */
  functions?: FunctionInfo[];
  /** Names of functions gone. */
  functionsRemoved?: string[];
  /** Workers new or changed, whole. */
  workers?: WorkerInfo[];
  /** fds of workers gone. */
  workersRemoved?: string[];
}

/** Orders functions by name (UTF-16 code units: the same everywhere, unlike locale order). */
export function byName(a: FunctionInfo, b: FunctionInfo): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Orders workers by fd, numerically for the decimal fds servers send. */
export function byFd(a: WorkerInfo, b: WorkerInfo): number {
  return a.fd.length - b.fd.length || (a.fd < b.fd ? -1 : a.fd > b.fd ? 1 : 0);
}

/** True when two function rows say the same. */
export function sameFunction(x: FunctionInfo, y: FunctionInfo): boolean {
  const p = x.priority,
    q = y.priority;
  return (
    x.name === y.name &&
    x.queued === y.queued &&
    x.running === y.running &&
    x.workers === y.workers &&
    x.workerlessSince === y.workerlessSince &&
    (p === q || (!!p && !!q && p.high === q.high && p.normal === q.normal && p.low === q.low))
  );
}

/** True when two worker rows say the same. */
export function sameWorker(x: WorkerInfo, y: WorkerInfo): boolean {
  return (
    x.fd === y.fd &&
    x.address === y.address &&
    x.clientId === y.clientId &&
    x.functionsOmitted === y.functionsOmitted &&
    x.functions.length === y.functions.length &&
    x.functions.every((f, i) => f === y.functions[i])
  );
}

const ROWS = new Set(['id', 'revision', 'functions', 'workers']);

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]));
}

/** The patch from `before` to `after`, two snapshots of one server. */
export function diffSnapshots(before: ServerSnapshot, after: ServerSnapshot): ServerPatch {
  const patch: ServerPatch = { id: after.id, base: before.revision, revision: after.revision };
  const set: Partial<Record<string, unknown>> = {};
  const unset: string[] = [];
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ROWS.has(k)) continue;
    const a = (before as unknown as Record<string, unknown>)[k],
      b = (after as unknown as Record<string, unknown>)[k];
    if (sameValue(a, b)) continue;
    if (b === undefined) unset.push(k);
    else set[k] = b;
  }
  if (Object.keys(set).length) patch.set = set as Partial<ServerFields>;
  if (unset.length) patch.unset = unset as (keyof ServerFields)[];
  const f = diffRows(before.functions, after.functions, (x) => x.name, sameFunction);
  if (f.changed.length) patch.functions = f.changed;
  if (f.removed.length) patch.functionsRemoved = f.removed;
  const w = diffRows(before.workers, after.workers, (x) => x.fd, sameWorker);
  if (w.changed.length) patch.workers = w.changed;
  if (w.removed.length) patch.workersRemoved = w.removed;
  return patch;
}

function diffRows<T>(
  before: T[],
  after: T[],
  key: (t: T) => string,
  same: (a: T, b: T) => boolean,
): { changed: T[]; removed: string[] } {
  const old = new Map(before.map((r) => [key(r), r]));
  const changed: T[] = [];
  for (const r of after) {
    const k = key(r);
    const o = old.get(k);
    old.delete(k);
    if (!o || !same(o, r)) changed.push(r);
  }
  return { changed, removed: [...old.keys()] };
}

/** `prev` with `patch` applied; undefined when the patch is for another server or revision (then fetch the registry). */
export function applyPatch(prev: ServerSnapshot, patch: ServerPatch): ServerSnapshot | undefined {
  if (prev.id !== patch.id || prev.revision !== patch.base) return undefined;
  const next: ServerSnapshot = { ...prev, ...patch.set, revision: patch.revision };
  for (const k of patch.unset ?? []) delete next[k];
  if (patch.functions || patch.functionsRemoved)
    next.functions = applyRows(prev.functions, patch.functions, patch.functionsRemoved, (x) => x.name, byName);
  if (patch.workers || patch.workersRemoved)
    next.workers = applyRows(prev.workers, patch.workers, patch.workersRemoved, (x) => x.fd, byFd);
  return next;
}

function applyRows<T>(
  rows: T[],
  upsert: T[] = [],
  removed: string[] = [],
  key: (t: T) => string,
  order: (a: T, b: T) => number,
): T[] {
  const byKey = new Map(rows.map((r) => [key(r), r]));
  for (const k of removed) byKey.delete(k);
  let added = false;
  for (const r of upsert) {
    const k = key(r);
    added ||= !byKey.has(k);
    byKey.set(k, r);
  }
  // A Map keeps the old rows in place and appends new ones: only then is sorting needed.
  const out = [...byKey.values()];
  return added ? out.sort(order) : out;
}
