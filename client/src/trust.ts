// Tells the language server whether the workspace is trusted and which `gearman.servers`
// entries come from user and which from workspace settings (inspect() keeps them apart; the
// merged value does not), and answers its questions in modal dialogs.
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
    workspace = workspaceServersFromFiles(
      file,
      (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    );
  }
  return { trusted, user: i?.globalValue, workspace };
}

/** Keeps the language server told about trust and setting sources. */
export function watchTrust(client: LanguageClient, log: vscode.LogOutputChannel): vscode.Disposable {
  const send = () => void client.sendNotification(protocol.setTrust, trustParams());
  if (!vscode.workspace.isTrusted)
    log.warn(
      'This workspace is not trusted: servers from its workspace settings are not contacted, and local workers run no commands.',
    );
  return vscode.Disposable.from(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: servers from workspace settings are now contacted.');
      send();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gearman.servers')) send();
    }),
  );
}

/** Answers the server's gearman/confirm requests with a modal dialog: true only for its action button. */
export function answerConfirmations(client: LanguageClient): vscode.Disposable {
  return client.onRequest(protocol.confirm, async (q) => {
    const pick = await vscode.window.showWarningMessage(
      `Gearman: ${q.message}`,
      { modal: true, detail: q.detail },
      q.action,
    );
    return pick === q.action;
  });
}
