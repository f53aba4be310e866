// The Servers view: the tree, its filter (kept in workspaceState so it survives a reload),
// the message above it (default server, untrusted workspace) and the context keys menus use.
import * as vscode from 'vscode';
import type { RegistryStore } from '../registryStore';
import { JobCache, type FetchJobs } from './jobCache';
import { filterDescription, type TreeFilter } from './labels';
import { ServersTree, type Node } from './serversTree';

const FILTER_KEY = 'gearman.serversFilter';

/** Message shown above the tree in an untrusted workspace. */
export const UNTRUSTED_MESSAGE =
  'This workspace is not trusted: Gearman does not connect to servers set in its workspace settings and runs no local worker commands. Servers from your user settings still work.';

/** Owns the tree view of the Servers view. */
export class ServersView implements vscode.Disposable {
  readonly tree: ServersTree;
  readonly view: vscode.TreeView<Node>;
  private readonly subs: vscode.Disposable[] = [];
  private filter: TreeFilter;

  /** `onFilter` is told every new filter (the language server keeps matching functions first). */
  constructor(
    private readonly store: RegistryStore,
    private readonly state: vscode.Memento,
    fetchJobs: FetchJobs,
    private readonly onFilter?: (f: TreeFilter) => void,
  ) {
    this.tree = new ServersTree(store, new JobCache(fetchJobs));
    this.view = vscode.window.createTreeView('gearman.servers', {
      treeDataProvider: this.tree,
      showCollapseAll: true,
      canSelectMany: true,
    });
    this.filter = readFilter(state.get(FILTER_KEY));
    this.tree.setFilter(this.filter);
    this.subs.push(
      this.tree,
      this.view,
      store.onDidChange(() => this.updateMessage()),
    );
    this.subs.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.updateMessage()));
    this.subs.push(this.view.onDidChangeSelection((e) => selectionContext(e.selection)));
    this.subs.push(this.view.onDidCollapseElement((e) => this.tree.setCollapsed(e.element, true)));
    this.subs.push(this.view.onDidExpandElement((e) => this.tree.setCollapsed(e.element, false)));
    this.updateMessage();
    selectionContext([]);
  }

  /** The current filter. */
  get currentFilter(): TreeFilter {
    return { ...this.filter };
  }

  /** Sets and stores the filter. */
  async setFilter(filter: TreeFilter): Promise<void> {
    this.filter = { text: filter.text.trim(), hideEmpty: filter.hideEmpty, problemsFirst: !!filter.problemsFirst };
    this.tree.setFilter(this.filter);
    this.onFilter?.(this.filter);
    this.updateMessage();
    await this.state.update(FILTER_KEY, this.filter);
  }

  private updateMessage(): void {
    const usingDefault = this.store.usingDefault;
    void vscode.commands.executeCommand('setContext', 'gearman.usingDefault', usingDefault);
    void vscode.commands.executeCommand('setContext', 'gearman.filtered', !!this.filter.text);
    void vscode.commands.executeCommand('setContext', 'gearman.hideEmpty', this.filter.hideEmpty);
    void vscode.commands.executeCommand('setContext', 'gearman.problemsFirst', !!this.filter.problemsFirst);
    const parts: string[] = [];
    if (!vscode.workspace.isTrusted) parts.push(UNTRUSTED_MESSAGE);
    if (usingDefault) parts.push('No servers configured: showing localhost:4730, the default.');
    this.view.message = parts.length ? parts.join(' ') : undefined;
    this.view.description = filterDescription(this.filter) || undefined;
  }

  dispose(): void {
    for (const d of this.subs.reverse()) d.dispose();
  }
}

function readFilter(raw: unknown): TreeFilter {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    text: typeof o.text === 'string' ? o.text : '',
    hideEmpty: o.hideEmpty === true,
    problemsFirst: o.problemsFirst === true,
  };
}

/**
 * Context keys naming what is selected in the Servers view, so the palette offers the row
 * commands (Cancel Queued Job, Set Max Queue...) while a row they act on is selected, even
 * after focus has moved to the palette itself.
 */
function selectionContext(selection: readonly Node[]): void {
  for (const kind of ['server', 'function', 'job'] as const) {
    void vscode.commands.executeCommand(
      'setContext',
      `gearman.selected.${kind}`,
      selection.some((n) => n.kind === kind),
    );
  }
}
