// The client's mirror of the server's registry, updated from deltas.
import * as vscode from 'vscode';
import type { RegistryDelta, ServerSnapshot } from '../../server/src/protocol';

/** A change of the mirrored registry: the previous and new snapshots of each changed server. */
export interface StoreChange {
  changed: { before: ServerSnapshot | undefined; after: ServerSnapshot }[];
  removed: string[];
  /** True when the server list itself (order, membership) changed. */
  listChanged: boolean;
}

/** Holds the latest snapshot of every server. */
export class RegistryStore implements vscode.Disposable {
  private servers = new Map<string, ServerSnapshot>();
  usingDefault = false;
  private readonly emitter = new vscode.EventEmitter<StoreChange>();
  /** Fires after every applied delta. */
  readonly onDidChange = this.emitter.event;

  /** Replaces everything (on start and reconnect). */
  reset(servers: ServerSnapshot[], usingDefault: boolean): void {
    const before = this.servers;
    this.servers = new Map(servers.map((s) => [s.id, s]));
    this.usingDefault = usingDefault;
    const removed = [...before.keys()].filter((id) => !this.servers.has(id));
    this.emitter.fire({ changed: servers.map((s) => ({ before: before.get(s.id), after: s })), removed, listChanged: true });
  }

  /** Applies one delta from the server. */
  apply(delta: RegistryDelta): void {
    const changed = delta.changed.map((s) => ({ before: this.servers.get(s.id), after: s }));
    const listChanged = delta.removed.length > 0 || changed.some((c) => !c.before) || this.usingDefault !== delta.usingDefault;
    for (const s of delta.changed) this.servers.set(s.id, s);
    for (const id of delta.removed) this.servers.delete(id);
    this.usingDefault = delta.usingDefault;
    this.emitter.fire({ changed, removed: delta.removed, listChanged });
  }

  /** All servers in settings order. */
  list(): ServerSnapshot[] {
    return [...this.servers.values()];
  }

  /** One server by id. */
  get(id: string): ServerSnapshot | undefined {
    return this.servers.get(id);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
