// Which rows of a server's subtree must be redrawn after a snapshot change. Pure, so the
// tree and the registry benchmark use the same answer.
import type { FunctionInfo, ServerSnapshot, WorkerInfo } from '../../../server/src/protocol';

/** Rows to redraw for one server. A group row is redrawn when its list of children changed. */
export interface RowChanges {
  /** The server row and its whole subtree (health, error or version changed, or it is new). */
  server: boolean;
  functionsGroup: boolean;
  /** Names of function rows whose counts changed (when the list itself did not). */
  functions: string[];
  workersGroup: boolean;
  /** fds of worker rows that changed (when the list itself did not). */
  workers: string[];
  /** Only the time the server last answered moved (the server row's tooltip says it). */
  seen: boolean;
}

/** Compares two snapshots of one server; `visible` filters function rows as the tree shows them. */
export function diffServerRows(
  before: ServerSnapshot | undefined,
  after: ServerSnapshot,
  visible: (fs: FunctionInfo[]) => FunctionInfo[] = (fs) => fs,
): RowChanges {
  const none: RowChanges = {
    server: false,
    functionsGroup: false,
    functions: [],
    workersGroup: false,
    workers: [],
    seen: false,
  };
  if (
    !before ||
    before.health !== after.health ||
    before.error !== after.error ||
    before.version !== after.version ||
    before.kind !== after.kind
  ) {
    return { ...none, server: true };
  }
  const f = diffList(visible(before.functions), visible(after.functions), (x) => x.name, sameFunction);
  const w = diffList(before.workers, after.workers, (x) => x.fd, sameWorker);
  // A changed "N more" count changes the group's last row and its description.
  return {
    server: false,
    functionsGroup: f.group || before.functionsOmitted !== after.functionsOmitted,
    functions: f.rows,
    workersGroup: w.group || before.workersOmitted !== after.workersOmitted,
    workers: w.rows,
    seen: before.lastSeen !== after.lastSeen,
  };
}

/** The same answer as row keys (`server`, `functions`, `f/<name>`, ...), for counting and logs. */
export function changedRowKeys(before: ServerSnapshot | undefined, after: ServerSnapshot): string[] {
  const c = diffServerRows(before, after);
  if (c.server) return ['server'];
  return [
    ...(c.functionsGroup ? ['functions'] : c.functions.map((n) => `f/${n}`)),
    ...(c.workersGroup ? ['workers'] : c.workers.map((fd) => `w/${fd}`)),
  ];
}

function diffList<T>(
  a: T[],
  b: T[],
  key: (t: T) => string,
  same: (x: T, y: T) => boolean,
): { group: boolean; rows: string[] } {
  if (a.length !== b.length || a.some((x, i) => key(x) !== key(b[i]))) return { group: true, rows: [] };
  const rows: string[] = [];
  for (let i = 0; i < b.length; i++) if (!same(a[i], b[i])) rows.push(key(b[i]));
  return { group: false, rows };
}

function sameFunction(x: FunctionInfo, y: FunctionInfo): boolean {
  const p = x.priority,
    q = y.priority;
  return (
    x.queued === y.queued &&
    x.running === y.running &&
    x.workers === y.workers &&
    (p === q || (!!p && !!q && p.high === q.high && p.normal === q.normal && p.low === q.low))
  );
}

function sameWorker(x: WorkerInfo, y: WorkerInfo): boolean {
  return (
    x.address === y.address &&
    x.clientId === y.clientId &&
    x.functions.length === y.functions.length &&
    x.functions.every((f, i) => f === y.functions[i])
  );
}
