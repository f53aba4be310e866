// Tells the language server whether the workspace is trusted and which `gearman.servers`
// entries come from user and which from workspace settings (inspect() keeps them apart; the
// merged value does not), and hands it TLS key passphrases from SecretStorage.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as protocol from '../../server/src/protocol';
import { workspaceServersFromFiles } from './workspaceSettings';

/** The trust state and setting sources, as sent at initialize and on every change. */
export function trustParams(): protocol.TrustParams {
  const i = vscode.workspace.getConfiguration('gearman').inspect<unknown>('servers');
  const trusted = vscode.workspace.isTrusted;
  let workspace = i?.workspaceValue ?? i?.workspaceFolderValue;
  // Untrusted, VS Code hides the workspace value even here: read it to show those servers as blocked.
  if (!trusted && workspace === undefined) {
    const file = vscode.workspace.workspaceFile?.scheme === 'file' ? vscode.workspace.workspaceFile.fsPath : undefined;
    workspace = workspaceServersFromFiles(file, (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
  }
  return { trusted, user: i?.globalValue, workspace };
}

/** SecretStorage key of a server's TLS key passphrase. */
export function passphraseKey(serverId: string): string {
  return `gearman.tlsKeyPassphrase:${serverId}`;
}

/** Server ids (host:port) of every configured entry that has a TLS key file. */
function serversWithKeys(): string[] {
  const i = vscode.workspace.getConfiguration('gearman').inspect<unknown>('servers');
  const ids: string[] = [];
  for (const list of [i?.globalValue, i?.workspaceValue]) {
    if (!Array.isArray(list)) continue;
    for (const e of list as { host?: unknown; port?: unknown; tls?: { keyFile?: unknown } }[]) {
      if (!e || typeof e.host !== 'string' || !e.tls || typeof e.tls !== 'object' || !e.tls.keyFile) continue;
      const port = typeof e.port === 'number' ? e.port : 4730;
      ids.push(e.host.includes(':') ? `[${e.host}]:${port}` : `${e.host}:${port}`);
    }
  }
  return ids;
}

/** Sends the stored passphrases of configured servers to the language server. */
export async function sendPassphrases(client: LanguageClient, secrets: vscode.SecretStorage): Promise<void> {
  for (const serverId of serversWithKeys()) {
    const passphrase = await secrets.get(passphraseKey(serverId));
    if (passphrase) await client.sendNotification(protocol.setPassphrase, { serverId, passphrase });
  }
}

/** Keeps the language server told about trust and setting sources. */
export function watchTrust(client: LanguageClient, secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): vscode.Disposable {
  const send = () => void client.sendNotification(protocol.setTrust, trustParams());
  if (!vscode.workspace.isTrusted) log.warn('This workspace is not trusted: servers from its workspace settings are not contacted, and local workers run no commands.');
  return vscode.Disposable.from(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: servers from workspace settings are now contacted.');
      send();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('gearman.servers')) return;
      send();
      void sendPassphrases(client, secrets);
    }),
  );
}
