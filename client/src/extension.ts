// Extension entry: activation and deactivation only; the Ctx owns everything else.
import type * as vscode from 'vscode';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

/** Called by VS Code on activation. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context);
  await ctx.start();
}

/** Called by VS Code on shutdown: stops the language server. */
export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
