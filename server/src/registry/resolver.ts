// Every path to a server goes through here: admin actions, jobs, job files, local workers
// and load tests. It turns a server id, a name, `host:port` or `all` into endpoints with their
// secrets, and refuses, with a message naming why, a server that workspace trust blocks, a
// `readOnly` server for anything that changes it, and an address that is not configured
// unless the caller allows it and the user confirms it (once per address per session).
import { endpointLabel, type Endpoint } from '../gearman';
import type { PassphraseMessage } from './secrets';
import type { ServerConfig, TlsConfig } from './types';

/** What the caller is about to do with the server. */
export type TargetPurpose =
  /** Read-only admin (show jobs, info). */
  | 'read'
  /** Submit or watch a job. */
  | 'job'
  /** Register a worker function (a local worker takes real jobs off the queue). */
  | 'worker'
  /** Change the server (cancel, maxqueue, create/drop function, load test). */
  | 'change';

/** Why a target was refused. */
export type TargetRefusal =
  'NO_SERVERS' | 'UNKNOWN_SERVER' | 'BLOCKED' | 'READ_ONLY' | 'NOT_CONFIGURED' | 'DECLINED' | 'ONE_SERVER';

/** A refusal, in words a user can act on. */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly code: TargetRefusal,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/** One server to contact. */
export interface ResolvedServer {
  /** The configured entry (for an address the user confirmed: a synthesized one, source `adhoc`). */
  config: ServerConfig | { id: string; name: string; host: string; port: number; source: 'adhoc' };
  endpoint: Endpoint;
}

/** Where a request goes: one server, or several in failover order. */
export interface ResolvedTarget {
  servers: ResolvedServer[];
  /** How to name the target to a user: a server name, or "all servers (a, b)". */
  label: string;
}

/** Options of one resolution. */
export interface ResolveOptions {
  purpose: TargetPurpose;
  /** Accept `all` (failover over every usable server). Default false. */
  allowAll?: boolean;
  /**
   * Accept an address that is not configured, after asking the user. `origin` says where the
   * address comes from, for the question ("the job file jobs/resize.gearman").
   * Without it, such an address is refused.
   */
  adHoc?: { origin: string };
}

/** What the resolver needs from the server around it. */
export interface ResolverDeps {
  /** Settles once the first settings have been read (a request sent right after initialize must not see an empty list). */
  ready(): Promise<void>;
  /** The configured servers, in settings order. */
  configs(): ServerConfig[];
  /** False in an untrusted workspace. */
  trusted(): boolean;
  /** The endpoint of a configured server, with its secrets filled in. */
  endpoint(cfg: ServerConfig): Promise<Endpoint>;
  /** Asks the user (a modal in VS Code); resolves false when declined or when the editor cannot ask. */
  confirm(question: { message: string; detail: string; action: string }): Promise<boolean>;
  /** Opens a passphrase as it crossed LSP (sealed or plain). */
  openSecret(m: PassphraseMessage | undefined): string | undefined;
}

const ADDRESS = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/]+)):(\d{1,5})$/;

/** Parses `host:port` / `[v6]:port`; undefined when it is not an address. */
export function parseAddress(s: string): { host: string; port: number } | undefined {
  const m = ADDRESS.exec(s.trim());
  const port = m ? Number(m[3]) : 0;
  return m && port >= 1 && port <= 65535 ? { host: m[1] ?? m[2], port } : undefined;
}

/** Resolves server specs for every feature that contacts a server. */
export class ServerResolver {
  /** Addresses the user allowed this session (`host:port`). */
  private readonly allowed = new Set<string>();

  constructor(private readonly deps: ResolverDeps) {}

  /** Resolves `spec` (undefined or '' = the first usable server); rejects with a TargetError. */
  async resolve(spec: string | undefined, opts: ResolveOptions): Promise<ResolvedTarget> {
    await this.deps.ready();
    const configs = this.deps.configs();
    if (spec === undefined || spec.trim() === '') {
      const first = configs.find((c) => !c.blocked) ?? configs[0];
      if (!first) throw new TargetError('No Gearman server is configured: add one to gearman.servers.', 'NO_SERVERS');
      return this.one(first, opts.purpose);
    }
    if (spec === 'all') {
      if (!opts.allowAll)
        throw new TargetError('This action runs on one server at a time; pick one server, not "all".', 'ONE_SERVER');
      const usable = configs.filter(
        (c) => !c.blocked && !(opts.purpose === 'change' || opts.purpose === 'worker' ? c.readOnly : false),
      );
      if (!usable.length)
        throw new TargetError(
          configs.length
            ? `No server can be used for this: ${configs.map((c) => `${c.name} (${why(c, opts.purpose)})`).join('; ')}.`
            : 'No Gearman server is configured, so "all" names no server: add servers to gearman.servers.',
          'NO_SERVERS',
        );
      const servers = await Promise.all(
        usable.map(async (c) => ({ config: c, endpoint: await this.deps.endpoint(c) })),
      );
      return { servers, label: `all servers (${usable.map((c) => c.name).join(', ')})` };
    }
    const byId = configs.find((c) => c.id === spec) ?? configs.find((c) => c.name === spec);
    if (byId) return this.one(byId, opts.purpose);
    const addr = parseAddress(spec);
    if (addr) {
      const cfg = configs.find((c) => c.host === addr.host && c.port === addr.port);
      if (cfg) return this.one(cfg, opts.purpose);
      return this.adHoc(addr, opts);
    }
    const known = configs.map((c) => (c.name === c.id ? c.id : `${c.name} (${c.id})`)).join(', ') || 'none';
    throw new TargetError(
      `No configured Gearman server is called "${spec}"; use one of ${known}${opts.allowAll ? ', or all' : ''}.`,
      'UNKNOWN_SERVER',
    );
  }

  /**
   * A server the user is typing into the editor's own Add/Edit Server dialog: not configured
   * yet, chosen by the user in that dialog (not by a repository), so it is not asked about again.
   */
  candidate(host: string, port: number, tls: TlsConfig | boolean | undefined, secret?: PassphraseMessage): Endpoint {
    if (!tls) return { host, port };
    const passphrase = this.deps.openSecret(secret);
    return { host, port, tls: { ...(tls === true ? {} : tls), ...(passphrase ? { passphrase } : {}) } };
  }

  /** Forgets the addresses allowed this session (for tests and a settings reset). */
  forgetAllowed(): void {
    this.allowed.clear();
  }

  private async one(cfg: ServerConfig, purpose: TargetPurpose): Promise<ResolvedTarget> {
    if (cfg.blocked) throw new TargetError(`${cfg.name}: ${cfg.blocked}`, 'BLOCKED');
    if (cfg.readOnly && (purpose === 'change' || purpose === 'worker')) {
      throw new TargetError(
        `${cfg.name} (${cfg.id}) is marked readOnly in gearman.servers: ${purpose === 'worker' ? 'no worker is registered on it from this editor' : 'nothing that changes it runs from this editor'}. Remove "readOnly" from its entry to allow it.`,
        'READ_ONLY',
      );
    }
    return { servers: [{ config: cfg, endpoint: await this.deps.endpoint(cfg) }], label: cfg.name };
  }

  private async adHoc(addr: { host: string; port: number }, opts: ResolveOptions): Promise<ResolvedTarget> {
    const id = endpointLabel(addr);
    const add = `add it to gearman.servers to use it`;
    if (!opts.adHoc) throw new TargetError(`${id} is not a configured Gearman server; ${add}.`, 'NOT_CONFIGURED');
    if (!this.deps.trusted()) {
      throw new TargetError(
        `${opts.adHoc.origin} names ${id}, which is not a configured server, and this workspace is not trusted: nothing is sent to an address a repository names. Trust the workspace, or ${add}.`,
        'NOT_CONFIGURED',
      );
    }
    if (!this.allowed.has(id)) {
      const ok = await this.deps.confirm({
        message: `Send to ${id}? It is not one of your configured Gearman servers.`,
        detail: `${opts.adHoc.origin} names ${id}. Only continue if you know this server: whatever the job carries goes there. You will not be asked again for ${id} until the editor restarts; to stop being asked, add it to gearman.servers.`,
        action: `Send to ${id}`,
      });
      if (!ok)
        throw new TargetError(
          `Not sent: ${id} is not a configured server and sending to it was not confirmed. ${add[0].toUpperCase()}${add.slice(1)}.`,
          'DECLINED',
        );
      this.allowed.add(id);
    }
    return {
      servers: [{ config: { id, name: id, host: addr.host, port: addr.port, source: 'adhoc' }, endpoint: { ...addr } }],
      label: id,
    };
  }
}

function why(c: ServerConfig, purpose: TargetPurpose): string {
  if (c.blocked) return 'blocked: the workspace is not trusted';
  if (c.readOnly && (purpose === 'change' || purpose === 'worker')) return 'readOnly';
  return 'usable';
}
