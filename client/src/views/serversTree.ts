// The "Servers" tree: server → Functions / Workers → rows, and jobs under functions. Node
// objects are kept per id and updated in place, so a change fires only the rows that changed.
import * as vscode from 'vscode';
import type { FunctionInfo, JobEntry, ServerSnapshot, WorkerInfo } from '../../../server/src/protocol';
import type { RegistryStore, StoreChange } from '../registryStore';
import type { JobCache } from './jobCache';
import * as L from './labels';
import { diffServerRows } from './treeDiff';
import { functionItem, groupItem, jobItem, messageItem, moreItem, serverItem, workerItem } from './treeItems';

/** A row of the tree. */
export type Node =
  ServerNode | GroupNode | FunctionNode | WorkerNode | WorkerFunctionNode | JobNode | MessageNode | MoreNode;

/** A gearmand server row. */
export class ServerNode {
  readonly kind = 'server';
  constructor(public snapshot: ServerSnapshot) {}
}
/** The "Functions" or "Workers" row under a server. */
export class GroupNode {
  readonly kind = 'group';
  constructor(
    readonly server: ServerNode,
    readonly group: 'functions' | 'workers',
  ) {}
}
/** One function of a server. */
export class FunctionNode {
  readonly kind = 'function';
  constructor(
    readonly server: ServerNode,
    public info: FunctionInfo,
  ) {}
}
/** One worker connection of a server. */
export class WorkerNode {
  readonly kind = 'worker';
  constructor(
    readonly server: ServerNode,
    public info: WorkerInfo,
  ) {}
}
/** A function registered by a worker. */
export class WorkerFunctionNode {
  readonly kind = 'workerFunction';
  constructor(
    readonly worker: WorkerNode,
    readonly name: string,
  ) {}
}
/** A job under a function (or under each function it may belong to). */
export class JobNode {
  readonly kind = 'job';
  constructor(
    readonly fn: FunctionNode,
    public job: JobEntry,
    readonly id: string,
    public matching?: string,
  ) {}
  get server(): ServerNode {
    return this.fn.server;
  }
}
/** A line of text: under a server that is not up, its state; under a function, why jobs cannot be read or how many were left out. */
export class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly parent: ServerNode | FunctionNode,
    readonly id: string,
    readonly text: string,
    readonly tooltip?: string,
  ) {}
}

/** The last row of a group whose server listed more rows than were kept: "N more functions". */
export class MoreNode {
  readonly kind = 'more';
  constructor(readonly group: GroupNode) {}
}

interface ServerRows {
  node: ServerNode;
  functions: GroupNode;
  workers: GroupNode;
  functionNodes: Map<string, FunctionNode>;
  workerNodes: Map<string, WorkerNode>;
  /** When the server row was last drawn again only because the server answered (lastSeen moved). */
  seenDrawnAt: number;
  /** The user collapsed the server row. */
  collapsed: boolean;
  /** Its summary or "last seen" moved while it was collapsed: redraw it when it opens. */
  owed: boolean;
}

/**
 * Every poll moves lastSeen, and busy servers move the queued total of the server row's summary.
 * Redrawing a server row makes VS Code fetch its whole open subtree again, so for those alone the
 * row is redrawn at most this often (the next poll's lastSeen patch brings a late one); a change
 * of health, error or version redraws it at once.
 */
export const SEEN_REDRAW_MS = 10_000;

const MAX_JOB_ROWS = 500;

/** TreeDataProvider of the Servers view. */
export class ServersTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private rows = new Map<string, ServerRows>();
  private readonly emitter = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;
  /** Rows fired by the last change (the benchmark and tests read it). */
  lastRedraw = 0;
  private filter: L.TreeFilter = { text: '', hideEmpty: false };
  /** More tooltip lines for a function row, read when it is hovered (the queue sparkline); set by the extension. */
  functionTooltipExtra: ((serverId: string, fn: string) => Promise<string[]>) | undefined;

  constructor(
    private readonly store: RegistryStore,
    readonly jobs: JobCache,
  ) {
    this.sub = store.onDidChange((c) => this.onStoreChange(c));
  }

  /** Applies a new filter and redraws. */
  setFilter(filter: L.TreeFilter): void {
    this.filter = { ...filter };
    this.lastRedraw = -1;
    this.emitter.fire(undefined);
  }

  /** Reads the jobs of a server again and redraws its function rows (and their jobs). */
  refreshJobs(serverId: string): void {
    this.jobs.invalidate(serverId);
    const r = this.rows.get(serverId);
    if (r) this.emitter.fire([...r.functionNodes.values()]);
  }

  /** Told by the view when the user opens or closes a server row. */
  setCollapsed(node: Node, collapsed: boolean): void {
    if (node.kind !== 'server') return;
    const r = this.rowsFor(node.snapshot);
    r.collapsed = collapsed;
    if (!collapsed && r.owed) {
      r.owed = false;
      r.seenDrawnAt = Date.now();
      this.emitter.fire([r.node]);
    }
  }

  /** The function row of a server, if shown. */
  functionNode(serverId: string, name: string): FunctionNode | undefined {
    return this.rows.get(serverId)?.functionNodes.get(name);
  }

  getChildren(element?: Node): Node[] | Promise<Node[]> {
    if (!element) return this.visibleServers().map((s) => this.rowsFor(s).node);
    switch (element.kind) {
      case 'server': {
        const r = this.rowsFor(element.snapshot);
        if (element.snapshot.health === 'up' || element.snapshot.functions.length) return [r.functions, r.workers];
        // Never a leaf: VS Code fixes a row's expansion when it first draws it, so a server first seen
        // while connecting must already be expandable for its Functions and Workers to show once it is up.
        const line = L.serverStateLine(element.snapshot);
        return line ? [new MessageNode(element, `${element.snapshot.id}/state`, line)] : [];
      }
      case 'group': {
        const r = this.rowsFor(element.server.snapshot);
        const rows: Node[] =
          element.group === 'functions'
            ? this.visibleFunctions(element.server.snapshot).map((f) => this.functionRow(r, f))
            : element.server.snapshot.workers.map((w) => this.workerRow(r, w));
        return L.omittedRows(element.server.snapshot, element.group) ? [...rows, new MoreNode(element)] : rows;
      }
      case 'worker':
        return L.workerFunctions(element.info).map((f) => new WorkerFunctionNode(element, f));
      case 'function':
        return this.jobRows(element);
      default:
        return [];
    }
  }

  getParent(element: Node): Node | undefined {
    switch (element.kind) {
      case 'server':
        return undefined;
      case 'group':
        return element.server;
      case 'function':
        return this.rows.get(element.server.snapshot.id)?.functions;
      case 'worker':
        return this.rows.get(element.server.snapshot.id)?.workers;
      case 'workerFunction':
        return element.worker;
      case 'job':
        return element.fn;
      case 'message':
        return element.parent;
      case 'more':
        return element.group;
    }
  }

  getTreeItem(n: Node): vscode.TreeItem {
    switch (n.kind) {
      case 'server':
        return serverItem(n.snapshot, this.store.usingDefault);
      case 'group': {
        const s = n.server.snapshot;
        const shown = n.group === 'functions' ? this.visibleFunctions(s).length : s.workers.length;
        return groupItem(s, n.group, shown, n.group === 'functions' && (!!this.filter.text || this.filter.hideEmpty));
      }
      case 'function': {
        const item = functionItem(n.server.snapshot, n.info);
        // VS Code resolves only what getTreeItem left undefined: the tooltip waits for the hover.
        if (this.functionTooltipExtra) item.tooltip = undefined;
        return item;
      }
      case 'worker':
        return workerItem(n.server.snapshot, n.info);
      case 'workerFunction': {
        const item = new vscode.TreeItem(L.inert(n.name), vscode.TreeItemCollapsibleState.None);
        item.id = `${n.worker.server.snapshot.id}/w/${n.worker.info.fd}/${n.name}`;
        item.tooltip = L.inert(n.name, 2000);
        item.contextValue = 'workerFunction';
        item.iconPath = new vscode.ThemeIcon('symbol-method');
        return item;
      }
      case 'job':
        return jobItem(n.server.snapshot, n.fn.info.name, n.job, n.id, n.matching);
      case 'message':
        return messageItem(n.id, n.text, n.tooltip);
      case 'more':
        return moreItem(n.group.server.snapshot, n.group.group, !!this.filter.text);
    }
  }

  async resolveTreeItem(item: vscode.TreeItem, n: Node): Promise<vscode.TreeItem> {
    if (n.kind !== 'function' || item.tooltip !== undefined) return item;
    const base = functionItem(n.server.snapshot, n.info).tooltip as string;
    const extra = (await this.functionTooltipExtra?.(n.server.snapshot.id, n.info.name).catch(() => [])) ?? [];
    item.tooltip = [base, ...extra].join('\n');
    return item;
  }

  /** With no servers configured the default server is shown only when it answers; otherwise the welcome view shows. */
  private visibleServers(): ServerSnapshot[] {
    const list = this.store.list();
    return this.store.usingDefault ? list.filter((s) => s.health === 'up') : list;
  }

  private visibleFunctions(s: ServerSnapshot): FunctionInfo[] {
    const shown =
      this.filter.text || this.filter.hideEmpty
        ? s.functions.filter((f) => L.passesFilter(f, this.filter))
        : s.functions;
    return L.sortFunctions(shown, !!this.filter.problemsFirst);
  }

  private async jobRows(fn: FunctionNode): Promise<Node[]> {
    const s = fn.server.snapshot;
    if (!L.listsJobs(s, fn.info)) return [];
    const base = `${s.id}/f/${fn.info.name}`;
    const listing = await this.jobs.get(s);
    if (typeof listing === 'string') return listing ? [new MessageNode(fn, `${base}/error`, listing)] : [];
    const mine = listing.jobs.filter(
      (j) => j.function === fn.info.name || (j.function === undefined && j.candidates?.includes(fn.info.name)),
    );
    const out: Node[] = mine
      .slice(0, MAX_JOB_ROWS)
      .map((j, i) => new JobNode(fn, j, `${base}/j/${j.handle ?? `u:${j.unique ?? i}`}`, listing.matching));
    if (mine.length > MAX_JOB_ROWS)
      out.push(new MessageNode(fn, `${base}/more`, `${mine.length - MAX_JOB_ROWS} more jobs not shown`));
    if (listing.truncated)
      out.push(
        new MessageNode(fn, `${base}/truncated`, 'The server holds more jobs than are listed', listing.matching),
      );
    if (mine.length === 0) out.push(new MessageNode(fn, `${base}/none`, 'No jobs listed now', listing.matching));
    return out;
  }

  private rowsFor(s: ServerSnapshot): ServerRows {
    let r = this.rows.get(s.id);
    if (!r) {
      const node = new ServerNode(s);
      r = {
        node,
        functions: new GroupNode(node, 'functions'),
        workers: new GroupNode(node, 'workers'),
        functionNodes: new Map(),
        workerNodes: new Map(),
        seenDrawnAt: Date.now(),
        collapsed: false,
        owed: false,
      };
      this.rows.set(s.id, r);
    }
    return r;
  }

  private functionRow(r: ServerRows, f: FunctionInfo): FunctionNode {
    let n = r.functionNodes.get(f.name);
    if (!n) r.functionNodes.set(f.name, (n = new FunctionNode(r.node, f)));
    n.info = f;
    return n;
  }

  private workerRow(r: ServerRows, w: WorkerInfo): WorkerNode {
    let n = r.workerNodes.get(w.fd);
    if (!n) r.workerNodes.set(w.fd, (n = new WorkerNode(r.node, w)));
    n.info = w;
    return n;
  }

  private onStoreChange(c: StoreChange): void {
    for (const id of c.removed) this.rows.delete(id);
    const visibility =
      this.store.usingDefault && c.changed.some((x) => (x.before?.health === 'up') !== (x.after.health === 'up'));
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

  /** The rows that must be redrawn for one server's change (see treeDiff.ts), updating node data in place. */
  private changedRows(r: ServerRows, before: ServerSnapshot | undefined, after: ServerSnapshot): Node[] {
    r.node.snapshot = after;
    const c = diffServerRows(before, after, (fs) => this.visibleFunctions({ ...after, functions: fs }));
    const now = Date.now();
    const rowMoved = c.seen || (!!before && L.serverDescription(before) !== L.serverDescription(after));
    // A collapsed row is not redrawn for that: VS Code would forget which of its groups were open.
    if (rowMoved && !c.server && r.collapsed) r.owed = true;
    else if (c.server || (rowMoved && now - r.seenDrawnAt >= SEEN_REDRAW_MS)) {
      r.seenDrawnAt = now;
      r.owed = false;
      return [r.node];
    }
    const out: Node[] = [];
    if (c.functionsGroup) {
      prune(
        r.functionNodes,
        after.functions.map((f) => f.name),
      );
      out.push(r.functions);
    } else {
      const byName = new Map(after.functions.map((f) => [f.name, f]));
      for (const name of c.functions) out.push(this.functionRow(r, byName.get(name)!));
    }
    if (c.workersGroup) {
      prune(
        r.workerNodes,
        after.workers.map((w) => w.fd),
      );
      out.push(r.workers);
    } else {
      const byFd = new Map(after.workers.map((w) => [w.fd, w]));
      for (const fd of c.workers) out.push(this.workerRow(r, byFd.get(fd)!));
    }
    return out;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

/** Forgets the nodes of rows that are gone. */
function prune(nodes: Map<string, unknown>, live: string[]): void {
  const keep = new Set(live);
  for (const k of [...nodes.keys()]) if (!keep.has(k)) nodes.delete(k);
}
