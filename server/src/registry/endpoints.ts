// How to reach a configured server: its settings plus secrets the client keeps out of
// settings (a TLS key passphrase from SecretStorage), and the refusal for blocked servers.
import type { Endpoint } from '../gearman/endpoint';
import type { ServerConfig } from './types';

/** Passphrases by server id, as the client sent them. */
export class ServerSecrets {
  private readonly passphrases = new Map<string, string>();

  /** Sets (or, with undefined, forgets) the passphrase of a server. */
  setPassphrase(serverId: string, passphrase: string | undefined): void {
    if (passphrase) this.passphrases.set(serverId, passphrase);
    else this.passphrases.delete(serverId);
  }

  /** The endpoint of a config, with its passphrase when TLS is on. */
  endpoint(cfg: ServerConfig): Endpoint {
    if (!cfg.tls) return { host: cfg.host, port: cfg.port };
    const passphrase = this.passphrases.get(cfg.id);
    return { host: cfg.host, port: cfg.port, tls: passphrase ? { ...cfg.tls, passphrase } : cfg.tls };
  }
}

/** What a feature gets for a server id: where to connect, or why it may not. */
export type ServerTarget = { name: string; endpoint: Endpoint } | { error: string; code: 'UNKNOWN_SERVER' | 'BLOCKED' };

/** Resolves a server id against the registry's configs. */
export function serverTarget(cfg: ServerConfig | undefined, serverId: string, secrets: ServerSecrets): ServerTarget {
  if (!cfg) return { code: 'UNKNOWN_SERVER', error: `No configured Gearman server has the id ${JSON.stringify(serverId)}; it may have been removed from settings` };
  if (cfg.blocked) return { code: 'BLOCKED', error: cfg.blocked };
  return { name: cfg.name, endpoint: secrets.endpoint(cfg) };
}
