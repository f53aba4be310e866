// Every command is registered through one wrapper: it runs only once the language server is up
// (a command never sees a client that is not running), and any failure reaches the user the same
// way: an error notification in words, and the "Gearman" log with the command's id.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/** A command's handler, made from the context once. */
export type Factory = (ctx: Ctx) => (...args: unknown[]) => unknown;

/** The message of anything thrown: a ResponseError's own words, an Error's message, or the value. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Registers `factories` (id → factory) with the wrapper; returns their disposables. */
export function registerCommands(ctx: Ctx, factories: Record<string, Factory>): vscode.Disposable[] {
  return Object.entries(factories).map(([id, factory]) => {
    const handler = factory(ctx);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      if (!ctx.running) {
        void vscode.window.showWarningMessage(
          'Gearman: the language server is not running yet (or has stopped); try again in a moment. The Gearman log says why.',
        );
        return undefined;
      }
      try {
        return await handler(...args);
      } catch (e) {
        const message = errorMessage(e);
        ctx.log.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(`Gearman: ${message}`);
        return undefined;
      }
    });
  });
}
