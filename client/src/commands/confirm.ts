// Modal confirmations for actions that change a live server (gearmand has no authentication,
// so the editor is the last place to stop a slip), and reporting their results.
import * as vscode from 'vscode';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { inert } from '../views/labels';
import { choose } from './ask';

/** How a server is named in dialogs: `prod (10.0.0.5:4730)`. */
export function serverLabel(s: { name: string; id: string }): string {
  return s.name === s.id ? s.id : `${inert(s.name, 60)} (${s.id})`;
}

/** A modal warning with one action button (VS Code adds "Cancel"); resolves true only when that button was chosen. */
export async function confirm(message: string, detail: string, button: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
  return choice === button;
}

/**
 * A confirmation whose default changes nothing: a quick pick with KEEP first and active, so
 * Enter, Escape and a click elsewhere all keep things as they are; only picking ACT resolves true.
 * (A modal message would make its first button the default and add VS Code's own "Cancel"
 * beside it, which next to "Cancel 1 queued job" reads as either.)
 */
export async function confirmKeepFirst(
  title: string,
  keep: vscode.QuickPickItem,
  act: vscode.QuickPickItem,
): Promise<boolean> {
  const choice = await choose([keep, act], {
    title,
    placeHolder: `Enter keeps things as they are; pick "${act.label}" to go ahead`,
  });
  return choice === act;
}

/**
 * Sends an admin action and returns its result. A refused or failed action rejects with the
 * server's ResponseError: its message says why (the command wrapper shows it), its data has the code.
 */
export function runAdmin(ctx: Ctx, serverId: string, action: protocol.AdminAction): Promise<protocol.AdminResult> {
  return ctx.client.sendRequest(protocol.adminRequest, { serverId, action });
}

/** The code (and counts) of a failed admin request, read from its ResponseError's data. */
export function adminFailure(e: unknown): protocol.AdminErrorData | undefined {
  const data = (e as { data?: unknown } | undefined)?.data as protocol.AdminErrorData | undefined;
  return data && typeof data === 'object' && typeof data.code === 'string' ? data : undefined;
}

/** Shows a result as an information message, or as an error when some of it failed. */
export function report(result: protocol.AdminResult): void {
  if (result.ok) void vscode.window.showInformationMessage(`Gearman: ${result.message}`);
  else void vscode.window.showErrorMessage(`Gearman: ${result.message}`);
}
