// The "Servers" tree: server → Functions / Workers → rows. Node objects are kept per id and
// updated in place, so a change fires only the rows that changed.
import * as vscode from 'vscode';
import type { FunctionInfo, ServerSnapshot, WorkerInfo } from '../../../server/src/protocol';
import type { RegistryStore, StoreChange } from '../registryStore';
import * as L from './labels';

/** A row of the tree. */
export type Node = ServerNode | GroupNode | FunctionNode | WorkerNode | WorkerFunctionNode;

/** A gearmand server row. */
export class ServerNode {
  readonly kind = 'server';
  constructor(public snapshot: ServerSnapshot) {}
}
/** The "Functions" or "Workers" row under a server. */
export class GroupNode {
  readonly kind = 'group';
  constructor(readonly server: ServerNode, readonly group: 'functions' | 'workers') {}
}
/** One function of a server. */
export class FunctionNode {
  readonly kind = 'function';
  constructor(readonly server: ServerNode, public info: FunctionInfo) {}
}
/** One worker connection of a server. */
export class WorkerNode {
  readonly kind = 'worker';
  constructor(readonly server: ServerNode, public info: WorkerInfo) {}
}
/** A function registered by a worker. */
export class WorkerFunctionNode {
  readonly kind = 'workerFunction';
  constructor(readonly worker: WorkerNode, readonly name: string) {}
}

interface ServerRows {
  node: ServerNode;
  functions: GroupNode;
  workers: GroupNode;
  functionNodes: Map<string, FunctionNode>;
  workerNodes: Map<string, WorkerNode>;
}

/** TreeDataProvider of the Servers view. */
export class ServersTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private rows = new Map<string, ServerRows>();
  private readonly emitter = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;
  /** Rows fired by the last change (the benchmark and tests read it). */
  lastRedraw = 0;

  constructor(private readonly store: RegistryStore) {
    this.sub = store.onDidChange((c) => this.onStoreChange(c));
  }

  getChildren(element?: Node): Node[] {
    if (!element) return this.visibleServers().map((s) => this.rowsFor(s).node);
    switch (element.kind) {
      case 'server': {
        const r = this.rowsFor(element.snapshot);
        return element.snapshot.health === 'up' || element.snapshot.functions.length ? [r.functions, r.workers] : [];
      }
      case 'group': {
        const r = this.rowsFor(element.server.snapshot);
        return element.group === 'functions'
          ? element.server.snapshot.functions.map((f) => this.functionNode(r, f))
          : element.server.snapshot.workers.map((w) => this.workerNode(r, w));
      }
      case 'worker': return element.info.functions.map((f) => new WorkerFunctionNode(element, f));
      default: return [];
    }
  }

  getParent(element: Node): Node | undefined {
    switch (element.kind) {
      case 'server': return undefined;
      case 'group': return element.server;
      case 'function': return this.rows.get(element.server.snapshot.id)?.functions;
      case 'worker': return this.rows.get(element.server.snapshot.id)?.workers;
      case 'workerFunction': return element.worker;
    }
  }

  getTreeItem(n: Node): vscode.TreeItem {
    switch (n.kind) {
      case 'server': return serverItem(n.snapshot, this.store.usingDefault);
      case 'group': {
        const s = n.server.snapshot;
        const count = n.group === 'functions' ? s.functions.length : s.workers.length;
        const item = new vscode.TreeItem(n.group === 'functions' ? 'Functions' : 'Workers',
          n.group === 'functions' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${s.id}/${n.group}`;
        item.description = String(count);
        item.contextValue = n.group;
        item.iconPath = new vscode.ThemeIcon(n.group === 'functions' ? 'symbol-function' : 'server-process');
        return item;
      }
      case 'function': {
        const f = n.info;
        const item = new vscode.TreeItem(L.inert(f.name), vscode.TreeItemCollapsibleState.None);
        item.id = `${n.server.snapshot.id}/f/${f.name}`;
        item.description = L.functionDescription(f);
        item.tooltip = L.functionTooltip(f, n.server.snapshot);
        item.contextValue = 'function';
        item.iconPath = L.isStarved(f)
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('symbol-method');
        return item;
      }
      case 'worker': {
        const item = new vscode.TreeItem(L.workerLabel(n.info), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${n.server.snapshot.id}/w/${n.info.fd}`;
        item.description = L.workerDescription(n.info);
        item.tooltip = `${L.workerLabel(n.info)}\n${L.workerDescription(n.info)}`;
        item.contextValue = 'worker';
        item.iconPath = new vscode.ThemeIcon('vm');
        return item;
      }
      case 'workerFunction': {
        const item = new vscode.TreeItem(L.inert(n.name), vscode.TreeItemCollapsibleState.None);
        item.id = `${n.worker.server.snapshot.id}/w/${n.worker.info.fd}/${n.name}`;
        item.contextValue = 'workerFunction';
        item.iconPath = new vscode.ThemeIcon('symbol-method');
        return item;
      }
    }
  }

  /** With no servers configured the default server is shown only when it answers; otherwise the welcome view shows. */
  private visibleServers(): ServerSnapshot[] {
    const list = this.store.list();
    return this.store.usingDefault ? list.filter((s) => s.health === 'up') : list;
  }

  private rowsFor(s: ServerSnapshot): ServerRows {
    let r = this.rows.get(s.id);
    if (!r) {
      const node = new ServerNode(s);
      r = { node, functions: new GroupNode(node, 'functions'), workers: new GroupNode(node, 'workers'), functionNodes: new Map(), workerNodes: new Map() };
      this.rows.set(s.id, r);
    }
    return r;
  }

  private functionNode(r: ServerRows, f: FunctionInfo): FunctionNode {
    let n = r.functionNodes.get(f.name);
    if (!n) r.functionNodes.set(f.name, (n = new FunctionNode(r.node, f)));
    n.info = f;
    return n;
  }

  private workerNode(r: ServerRows, w: WorkerInfo): WorkerNode {
    let n = r.workerNodes.get(w.fd);
    if (!n) r.workerNodes.set(w.fd, (n = new WorkerNode(r.node, w)));
    n.info = w;
    return n;
  }

  private onStoreChange(c: StoreChange): void {
    for (const id of c.removed) this.rows.delete(id);
    const visibility = this.store.usingDefault && c.changed.some((x) => (x.before?.health === 'up') !== (x.after.health === 'up'));
    if (c.listChanged || visibility) {
      for (const x of c.changed) this.rowsFor(x.after).node.snapshot = x.after;
      this.lastRedraw = -1;
      this.emitter.fire(undefined);
      return;
    }
    const fire: Node[] = [];
    for (const { before, after } of c.changed) fire.push(...this.changedRows(this.rowsFor(after), before, after));
    this.lastRedraw = fire.length;
    if (fire.length) this.emitter.fire(fire);
  }

  /** The rows that must be redrawn for one server's change, updating node data in place. */
  private changedRows(r: ServerRows, before: ServerSnapshot | undefined, after: ServerSnapshot): Node[] {
    r.node.snapshot = after;
    const out: Node[] = [];
    const headerChanged = !before || before.health !== after.health || before.error !== after.error || before.version !== after.version;
    if (headerChanged) return [r.node];
    out.push(...diffList(r, 'functions', before.functions, after.functions, (f) => f.name, r.functionNodes, (x, y) =>
      x.queued === y.queued && x.running === y.running && x.workers === y.workers && JSON.stringify(x.priority) === JSON.stringify(y.priority)));
    out.push(...diffList(r, 'workers', before.workers, after.workers, (w) => w.fd, r.workerNodes, (x, y) =>
      x.address === y.address && x.clientId === y.clientId && x.functions.join('\0') === y.functions.join('\0')));
    return out;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

// When the set of rows changes, the group is redrawn (its children list changed);
// otherwise each row whose data changed is redrawn alone.
function diffList<T, N extends FunctionNode | WorkerNode>(r: ServerRows, group: 'functions' | 'workers', a: T[], b: T[],
  key: (t: T) => string, nodes: Map<string, N>, same: (x: T, y: T) => boolean): Node[] {
  const keysA = a.map(key).join('\0');
  const keysB = b.map(key).join('\0');
  if (keysA !== keysB) {
    const live = new Set(b.map(key));
    for (const k of [...nodes.keys()]) if (!live.has(k)) nodes.delete(k);
    return [r[group]];
  }
  const out: Node[] = [];
  for (let i = 0; i < b.length; i++) {
    if (same(a[i], b[i])) continue;
    const n = nodes.get(key(b[i]));
    if (n) {
      n.info = b[i] as never;
      out.push(n);
    }
  }
  return out;
}

function serverItem(s: ServerSnapshot, usingDefault: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(L.inert(s.name), s.health === 'up' || s.functions.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = s.id;
  item.description = s.health === 'down' && s.error ? `down: ${L.inert(s.error, 80)}` : L.serverDescription(s);
  item.tooltip = L.serverTooltip(s, usingDefault);
  item.contextValue = `server.${s.health}${s.kind ? `.${s.kind}` : ''}`;
  item.iconPath = s.health === 'up'
    ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
    : s.health === 'down' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
    : s.health === 'blocked' ? new vscode.ThemeIcon('workspace-untrusted')
    : new vscode.ThemeIcon('loading~spin');
  return item;
}
