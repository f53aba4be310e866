// TLS key passphrases between SecretStorage and the language server. The server is started
// with a random session key in its environment; every passphrase crosses LSP sealed with it,
// so LSP tracing (gearman.trace.server) never writes one to a log.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as protocol from '../../server/src/protocol';

/** SecretStorage key of a server's TLS key passphrase. */
export function passphraseKey(serverId: string): string {
  return `gearman.tlsKeyPassphrase:${serverId}`;
}

/** The session key and the server's access to the stored passphrases. */
export class Passphrases {
  /** Put in the server's environment as protocol.SEAL_KEY_ENV. */
  readonly sealKey = protocol.newSealKey();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Answers the server's gearman/getPassphrase requests from SecretStorage, sealed. */
  serve(client: LanguageClient): vscode.Disposable {
    return client.onRequest(protocol.getPassphrase, async ({ serverId }) => {
      const p = typeof serverId === 'string' ? await this.secrets.get(passphraseKey(serverId)) : undefined;
      return p ? { sealed: protocol.seal(p, this.sealKey) } : null;
    });
  }

  /** Stores (or, with undefined, deletes) a passphrase and tells the server. */
  async store(client: LanguageClient, serverId: string, passphrase: string | undefined): Promise<void> {
    if (passphrase) await this.secrets.store(passphraseKey(serverId), passphrase);
    else await this.secrets.delete(passphraseKey(serverId));
    await client.sendNotification(protocol.setPassphrase, { serverId, ...this.sealed(passphrase) });
  }

  /** A passphrase as it may cross LSP. */
  sealed(passphrase: string | undefined): protocol.PassphraseMessage {
    return passphrase ? { sealed: protocol.seal(passphrase, this.sealKey) } : {};
  }
}
