// Every command of the extension, as a map of id → factory taking the Ctx.
import * as vscode from 'vscode';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { addServer } from './servers';

type Factory = (ctx: Ctx) => (...args: unknown[]) => unknown;

/** Command id → factory. */
export const commandFactories: Record<string, Factory> = {
  'gearman.refresh': (ctx) => () => ctx.client.sendRequest(protocol.refreshRegistry, {}),
  'gearman.focus': () => () => vscode.commands.executeCommand('gearman.servers.focus'),
  'gearman.openSettings': () => () => vscode.commands.executeCommand('workbench.action.openSettings', 'gearman.'),
  'gearman.addServer': (ctx) => () => addServer(ctx),
};
