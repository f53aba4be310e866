// The client's mirror of the server's registry: whole once, then patched from deltas. A patch
// that does not apply to the revision held (a missed notification) makes it fetch the whole
// registry again instead of showing a wrong tree.
import * as vscode from 'vscode';
import {
  RegistryMirror,
  type MirrorChange,
  type RegistryDelta,
  type RegistryState,
  type ServerSnapshot,
} from '../../server/src/protocol';

/** A change of the mirrored registry: the previous and new snapshots of each changed server. */
export type StoreChange = Omit<MirrorChange, 'stale'>;

/** Holds the latest snapshot of every server. */
export class RegistryStore implements vscode.Disposable {
  private readonly mirror = new RegistryMirror();
  private readonly emitter = new vscode.EventEmitter<StoreChange>();
  /** Fires after every applied delta. */
  readonly onDidChange = this.emitter.event;
  private fetchAll: (() => Promise<RegistryState>) | undefined;
  private fetching: Promise<void> | undefined;
  /** How many times the whole registry was fetched because a patch did not apply. */
  resyncs = 0;

  /** True when the list was empty in settings and localhost:4730 is used. */
  get usingDefault(): boolean {
    return this.mirror.usingDefault;
  }

  /** True while the language server polls the servers; false: snapshots are as last seen. */
  get polling(): boolean {
    return this.mirror.polling;
  }

  /** Tells the store how to fetch the whole registry (gearman/getRegistry). */
  attach(fetchAll: () => Promise<RegistryState>): void {
    this.fetchAll = fetchAll;
  }

  /** Fetches the whole registry and replaces everything; one fetch at a time. */
  resync(): Promise<void> {
    const fetchAll = this.fetchAll;
    if (!fetchAll) return Promise.resolve();
    this.fetching ??= fetchAll()
      .then((all) => this.reset(all))
      .finally(() => {
        this.fetching = undefined;
      });
    return this.fetching;
  }

  /** Replaces everything. */
  reset(state: RegistryState): void {
    this.emitter.fire(this.mirror.reset(state));
  }

  /** Applies one delta from the server. */
  apply(delta: RegistryDelta): void {
    const { stale, ...change } = this.mirror.apply(delta);
    if (change.changed.length || change.removed.length || change.listChanged) this.emitter.fire(change);
    // While a fetch runs, its answer includes this patch: no second fetch.
    if (stale && !this.fetching) {
      this.resyncs++;
      void this.resync().catch(() => undefined);
    }
  }

  /** All servers in settings order. */
  list(): ServerSnapshot[] {
    return this.mirror.list();
  }

  /** One server by id. */
  get(id: string): ServerSnapshot | undefined {
    return this.mirror.get(id);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
