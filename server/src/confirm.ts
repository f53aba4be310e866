// Asks the user before the server does something a repository could have chosen for them
// (send to an address nobody configured, read a file outside the workspace). The VS Code
// client answers `gearman/confirm` with a modal dialog; other editors get the standard
// window/showMessageRequest; an editor that can do neither gets a refusal that says why.
import type { Connection } from 'vscode-languageserver';
import * as protocol from './protocol';

/** How the server asks: by the client's kind and capabilities at initialize. */
export type ConfirmMode = 'gearman' | 'messageRequest' | 'none';

/** Picks the way to ask from the initialize params. */
export function confirmMode(clientKind: string | undefined, canShowMessageRequest: boolean): ConfirmMode {
  if (clientKind === 'vscode-gearman') return 'gearman';
  return canShowMessageRequest ? 'messageRequest' : 'none';
}

/** Asks `q`; true only when the user chose `q.action`. */
export async function askUser(connection: Connection, mode: ConfirmMode, q: protocol.ConfirmParams): Promise<boolean> {
  try {
    if (mode === 'gearman') return (await connection.sendRequest(protocol.confirm, q)) === true;
    if (mode === 'messageRequest') {
      const r = await connection.window.showWarningMessage(
        `${q.message} ${q.detail}`,
        { title: q.action },
        { title: 'Cancel' },
      );
      return r?.title === q.action;
    }
  } catch {
    // An editor that fails the request has not said yes.
  }
  return false;
}
