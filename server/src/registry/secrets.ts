// TLS key passphrases: kept in the editor's secret storage, never in settings, and never in
// an LSP message in the clear (LSP tracing would write them to a log). The VS Code client
// starts the server with a random key in GEARMAN_SEAL_KEY and sends each passphrase sealed
// with it (AES-256-GCM); the server asks for a passphrase when it first needs one.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Endpoint } from '../gearman';
import type { ServerConfig } from './types';

/** Environment variable holding the session key (base64, 32 bytes). */
export const SEAL_KEY_ENV = 'GEARMAN_SEAL_KEY';

/** A new session key, base64. */
export function newSealKey(): string {
  return randomBytes(32).toString('base64');
}

/** Seals a secret for the server holding `keyB64` (base64 of iv | tag | ciphertext). */
export function seal(secret: string, keyB64: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(keyB64, 'base64'), iv);
  const body = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}

/** Opens a sealed secret; undefined when it was not sealed with this key. */
export function unseal(sealed: string, keyB64: string): string | undefined {
  try {
    const b = Buffer.from(sealed, 'base64');
    const d = createDecipheriv('aes-256-gcm', Buffer.from(keyB64, 'base64'), b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** A passphrase as it crosses LSP: sealed with the session key, or (other editors) plain. */
export interface PassphraseMessage {
  sealed?: string;
  passphrase?: string;
}

/** Passphrases by server id: pushed by the client, or pulled from it when first needed. */
export class ServerSecrets {
  private readonly passphrases = new Map<string, string>();
  private readonly asked = new Set<string>();

  /**
   * @param key the session key (process.env[SEAL_KEY_ENV]); without it only plain passphrases are accepted
   * @param ask asks the client for a server's passphrase (resolves undefined when it has none or cannot answer)
   */
  constructor(
    private readonly key: string | undefined,
    private readonly ask: (serverId: string) => Promise<PassphraseMessage | undefined> = async () => undefined,
  ) {}

  /** Sets (or, with nothing in it, forgets) the passphrase of a server; false when a sealed one does not open. */
  set(serverId: string, m: PassphraseMessage | undefined): boolean {
    const value = this.open(m);
    this.asked.add(serverId);
    if (value) this.passphrases.set(serverId, value);
    else this.passphrases.delete(serverId);
    return value !== undefined || (!m?.sealed && !m?.passphrase);
  }

  /** Forgets every passphrase that was asked for but not given, so the next use asks again. */
  forgetMissing(): void {
    for (const id of this.asked) if (!this.passphrases.has(id)) this.asked.delete(id);
  }

  /** The endpoint of a config, with its passphrase when it has a key file (asked for once). */
  async endpoint(cfg: ServerConfig): Promise<Endpoint> {
    if (!cfg.tls) return { host: cfg.host, port: cfg.port };
    if (cfg.tls.keyFile && !this.asked.has(cfg.id)) {
      this.asked.add(cfg.id);
      const m = await this.ask(cfg.id).catch(() => undefined);
      const value = this.open(m);
      if (value) this.passphrases.set(cfg.id, value);
    }
    const passphrase = this.passphrases.get(cfg.id);
    return { host: cfg.host, port: cfg.port, tls: passphrase ? { ...cfg.tls, passphrase } : { ...cfg.tls } };
  }

  /** The plain passphrase of a message, or undefined. */
  open(m: PassphraseMessage | undefined): string | undefined {
    if (m?.sealed) return this.key ? unseal(m.sealed, this.key) : undefined;
    return m?.passphrase || undefined;
  }
}
