// Modal confirmations for actions that change a live server (gearmand has no authentication,
// so the editor is the last place to stop a slip), and reporting their results.
import * as vscode from 'vscode';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { inert } from '../views/labels';

/** How a server is named in dialogs: `prod (10.0.0.5:4730)`. */
export function serverLabel(s: { name: string; id: string }): string {
  return s.name === s.id ? s.id : `${inert(s.name, 60)} (${s.id})`;
}

/**
 * A modal warning with one action button; resolves true only when that button was chosen. `keep`
 * names the button that changes nothing (default "Cancel"); it is the dialog's close affordance,
 * so Escape and closing the dialog choose it.
 */
export async function confirm(message: string, detail: string, button: string, keep?: string): Promise<boolean> {
  const items: vscode.MessageItem[] = [{ title: button }];
  if (keep) items.push({ title: keep, isCloseAffordance: true });
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...items);
  return choice?.title === button;
}

/** Sends an admin action; shows and logs the outcome. Returns the result (undefined when the request itself failed). */
export async function runAdmin(ctx: Ctx, serverId: string, action: protocol.AdminAction): Promise<protocol.AdminResult | undefined> {
  try {
    return await ctx.client.sendRequest(protocol.adminRequest, { serverId, action });
  } catch (e) {
    const message = `Gearman: the language server could not run ${action.kind}: ${(e as Error).message}`;
    ctx.log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

/** Shows a result as an information or error message. */
export function report(result: protocol.AdminResult | undefined): void {
  if (!result) return;
  if (result.ok) void vscode.window.showInformationMessage(`Gearman: ${result.message}`);
  else void vscode.window.showErrorMessage(`Gearman: ${result.message}`);
}
