// "Add to gearman.knownFunctions": the quick fix for a name served outside the workspace and the
// configured servers. Settings live in the editor, so this runs in the client, not the server.
import * as vscode from 'vscode';

/** Adds `name` to `gearman.knownFunctions` (workspace settings when a folder is open, else user settings). */
export async function addKnownFunction(name: unknown): Promise<void> {
  if (typeof name !== 'string' || name === '') {
    void vscode.window.showErrorMessage(
      'Gearman: Add to Known Functions needs a function name; run it from the quick fix on an underlined name.',
    );
    return;
  }
  const config = vscode.workspace.getConfiguration('gearman');
  const inspect = config.inspect<string[]>('knownFunctions');
  const toWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const target = toWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const current = (toWorkspace ? inspect?.workspaceValue : inspect?.globalValue) ?? [];
  if (current.includes(name)) return;
  await config.update('knownFunctions', [...current, name], target);
  vscode.window.setStatusBarMessage(
    `Gearman: '${name}' added to gearman.knownFunctions (${toWorkspace ? 'workspace' : 'user'} settings)`,
    5000,
  );
}
