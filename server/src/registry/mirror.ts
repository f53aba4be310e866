// A client's copy of the registry, kept from gearman/getRegistry and gearman/registryChanged
// (see protocol.ts). Pure, so the extension, tests and other editors' clients share it.
import { applyPatch } from './delta';
import type { ServerSnapshot } from './types';
import type { RegistryDelta, RegistryState } from '../protocol';

/** What one delta or reset changed: the previous and new snapshot of each changed server. */
export interface MirrorChange {
  changed: { before: ServerSnapshot | undefined; after: ServerSnapshot }[];
  removed: string[];
  /** True when the server list itself (order, membership), usingDefault or polling changed. */
  listChanged: boolean;
  /** True when a patch did not apply to the revision held: fetch the whole registry (gearman/getRegistry) and reset. */
  stale: boolean;
}

/** The latest snapshot of every server, as a client holds it. */
export class RegistryMirror {
  private servers = new Map<string, ServerSnapshot>();
  usingDefault = false;
  /** As the server last said (RegistryDelta.polling). */
  polling = false;

  /** Replaces everything with the whole registry. */
  reset(state: RegistryState): MirrorChange {
    const before = this.servers;
    this.servers = new Map(state.servers.map((s) => [s.id, s]));
    this.usingDefault = state.usingDefault;
    this.polling = state.polling;
    const removed = [...before.keys()].filter((id) => !this.servers.has(id));
    return {
      changed: state.servers.map((s) => ({ before: before.get(s.id), after: s })),
      removed,
      listChanged: true,
      stale: false,
    };
  }

  /** Applies one delta; patches that do not apply are skipped and reported as `stale`. */
  apply(delta: RegistryDelta): MirrorChange {
    const changed: MirrorChange['changed'] = [];
    let stale = false;
    for (const s of delta.servers) {
      changed.push({ before: this.servers.get(s.id), after: s });
      this.servers.set(s.id, s);
    }
    for (const p of delta.patches) {
      const before = this.servers.get(p.id);
      const after = before && applyPatch(before, p);
      if (!after) {
        stale = true;
        continue;
      }
      changed.push({ before, after });
      this.servers.set(p.id, after);
    }
    for (const id of delta.removed) this.servers.delete(id);
    const listChanged =
      delta.removed.length > 0 ||
      changed.some((c) => !c.before) ||
      this.usingDefault !== delta.usingDefault ||
      this.polling !== delta.polling;
    this.usingDefault = delta.usingDefault;
    this.polling = delta.polling;
    return { changed, removed: delta.removed, listChanged, stale };
  }

  /** All servers in settings order. */
  list(): ServerSnapshot[] {
    return [...this.servers.values()];
  }

  /** One server by id. */
  get(id: string): ServerSnapshot | undefined {
    return this.servers.get(id);
  }
}
