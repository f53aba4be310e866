// The single truth about the configured gearmand servers: one poller each, and the
// latest snapshot of every server. Diagnostics, completion and the client's views read it.
import { initialSnapshot } from './snapshot';
import { ServerPoller, type AdminLike } from './poller';
import { diffSnapshots, type ServerPatch } from './delta';
import type { ListOptions } from '../gearman';
import type { RegistrySettings } from '../settings';
import type { ServerConfig, ServerSnapshot } from './types';

/** A change of the registry. */
export interface RegistryChange {
  /** Full snapshots of the servers that changed (for readers in this process). */
  changed: ServerSnapshot[];
  /** Ids of servers no longer configured. */
  removed: string[];
  /** What a client needs: servers new to it, whole (revision 0)... */
  added: ServerSnapshot[];
  /** ...and patches of the servers it holds. */
  patches: ServerPatch[];
}

/**
 * Largest `status`, `prioritystatus` or `workers` reply a poll accepts. They are read row by row
 * keeping maxRows rows, so a bigger reply costs time, not memory; past this the poll fails.
 */
export const MAX_POLL_REPLY_BYTES = 64 * 1024 * 1024;

/** How admin connections are made: rows kept per list reply (gearman.explorer.maxRows). */
export interface AdminLimits {
  maxRows: number;
}

/** What the registry needs from its surroundings. */
export interface RegistryDeps {
  createAdmin(cfg: ServerConfig, limits: AdminLimits): AdminLike | Promise<AdminLike>;
  log(level: 'info' | 'warn' | 'error' | 'debug', message: string): void;
}

/** Owns the pollers; emits a change whenever a snapshot changes. */
export class Registry {
  private pollers = new Map<string, ServerPoller>();
  private listeners = new Set<(c: RegistryChange) => void>();
  private seenListeners = new Set<(p: ServerPatch) => void>();
  private refreshMs = 5000;
  private active = false;
  private limits: AdminLimits = { maxRows: Infinity };
  private listOptions: ListOptions = {};
  usingDefault = false;

  constructor(private readonly deps: RegistryDeps) {}

  /** Applies new settings: keeps pollers of unchanged servers, replaces the rest. */
  configure(settings: RegistrySettings): void {
    this.refreshMs = settings.refreshMs;
    this.usingDefault = settings.usingDefault;
    const removed: string[] = [];
    const changed: ServerSnapshot[] = [];
    const wanted = new Map(settings.servers.map((s) => [s.id, s]));
    for (const [id, p] of this.pollers) {
      const cfg = wanted.get(id);
      if (!cfg || JSON.stringify(cfg) !== JSON.stringify(p.cfg)) {
        p.dispose();
        this.pollers.delete(id);
        if (!cfg) removed.push(id);
      }
    }
    for (const cfg of settings.servers) {
      if (this.pollers.has(cfg.id)) continue;
      const p = new ServerPoller(cfg, initialSnapshot(cfg), {
        createAdmin: (c) => this.deps.createAdmin(c, this.limits),
        changed: (s, prev) => this.emit({ changed: [s], removed: [], added: [], patches: [diffSnapshots(prev, s)] }),
        seen: (s) => {
          for (const l of this.seenListeners) l(seenPatch(s));
        },
        log: (l, m) => this.deps.log(l, m),
        intervalMs: () => this.refreshMs,
        listOptions: () => this.listOptions,
      });
      this.pollers.set(cfg.id, p);
      changed.push(p.snapshot);
      p.setActive(this.active);
    }
    if (changed.length || removed.length) this.emit({ changed, removed, added: changed, patches: [] });
  }

  /** Sets the rows kept per server; admin connections are made again with it (and polled now) when it changed. */
  setLimits(limits: AdminLimits): void {
    if (limits.maxRows === this.limits.maxRows) return;
    this.limits = { ...limits };
    for (const p of this.pollers.values()) {
      p.reconnect();
      if (this.active) void p.pollNow();
    }
  }

  /**
   * Prefers idle functions whose name passes `prefer` when a server lists more than maxRows (the
   * view's filter: what the user looks for is kept), and polls again now.
   */
  setPreference(prefer: ((name: string) => boolean) | undefined): void {
    this.listOptions = prefer ? { prefer } : {};
    if (this.active) void this.refresh();
  }

  /** Polls only while someone looks: a visible view or a document that needs the data. */
  /** Starts or pauses polling; true when that changed anything. */
  setActive(active: boolean): boolean {
    if (this.active === active) return false;
    this.active = active;
    this.deps.log('debug', active ? 'Polling resumed' : 'Polling paused: no view or document needs server data');
    for (const p of this.pollers.values()) p.setActive(active);
    return true;
  }

  /** True while polling runs. */
  get isActive(): boolean {
    return this.active;
  }

  /** Polls one server (or all) now. */
  async refresh(serverId?: string): Promise<void> {
    const targets = serverId ? [this.pollers.get(serverId)].filter((p) => !!p) : [...this.pollers.values()];
    await Promise.all(targets.map((p) => p.pollNow()));
  }

  /** The configuration of one server (undefined when not configured). */
  config(id: string): ServerConfig | undefined {
    return this.pollers.get(id)?.cfg;
  }

  /** Every configured server, in settings order. */
  configs(): ServerConfig[] {
    return [...this.pollers.values()].map((p) => p.cfg);
  }

  /** Drops a server's connection (its secrets changed) and polls it again. */
  restart(id: string): void {
    const p = this.pollers.get(id);
    if (!p) return;
    p.reconnect();
    void p.pollNow();
  }

  /** Every server's latest snapshot, in settings order. */
  snapshots(): ServerSnapshot[] {
    return [...this.pollers.values()].map((p) => p.snapshot);
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (c: RegistryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Subscribes to polls that changed nothing but the time the server last answered: a patch of
   * lastSeen alone, at the same revision (for the client's tooltip and stale marks, not for the
   * features that re-check on every change).
   */
  onSeen(listener: (p: ServerPatch) => void): () => void {
    this.seenListeners.add(listener);
    return () => this.seenListeners.delete(listener);
  }

  /** Stops every poller. */
  dispose(): void {
    for (const p of this.pollers.values()) p.dispose();
    this.pollers.clear();
    this.listeners.clear();
    this.seenListeners.clear();
  }

  private emit(c: RegistryChange): void {
    for (const l of this.listeners) l(c);
  }
}

/** The patch that tells a client only that `s` answered again (revision unchanged). */
export function seenPatch(s: ServerSnapshot): ServerPatch {
  return { id: s.id, base: s.revision, revision: s.revision, set: { lastSeen: s.lastSeen } };
}
