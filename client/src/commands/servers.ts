// "Add server": asks for host:port and a name, and where to save it.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

interface ServerEntry {
  name?: string;
  host: string;
  port?: number;
}

/** Parses `host`, `host:port` or `[v6]:port`; returns an error message when invalid. */
export function parseHostPort(input: string): ServerEntry | string {
  const s = input.trim();
  const m = /^(?:\[([^\]]+)\]|([^\s:/[\]]+))(?::(\d{1,5}))?$/.exec(s);
  if (!m) return 'Enter a host and optional port, like 10.0.0.5:4730 or [::1]:4730.';
  const host = m[1] ?? m[2];
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return 'The port must be from 1 to 65535.';
  return { host, port };
}

/** Adds a server entry to user or workspace settings. */
export async function addServer(ctx: Ctx): Promise<void> {
  const hostPort = await vscode.window.showInputBox({
    title: 'Add Gearman server (1/3)', prompt: 'Host and port of gearmand', placeHolder: 'localhost:4730',
    validateInput: (v) => { const r = parseHostPort(v); return typeof r === 'string' ? r : undefined; },
  });
  if (hostPort === undefined) return;
  const entry = parseHostPort(hostPort) as ServerEntry;
  const name = await vscode.window.showInputBox({ title: 'Add Gearman server (2/3)', prompt: 'Display name (optional)', value: '' });
  if (name === undefined) return;
  if (name.trim()) entry.name = name.trim();
  const hasWorkspace = !!vscode.workspace.workspaceFolders?.length;
  const target = hasWorkspace
    ? await vscode.window.showQuickPick([
      { label: 'User settings', target: vscode.ConfigurationTarget.Global },
      { label: 'Workspace settings', target: vscode.ConfigurationTarget.Workspace },
    ], { title: 'Add Gearman server (3/3): save to' })
    : { target: vscode.ConfigurationTarget.Global };
  if (!target) return;
  const config = vscode.workspace.getConfiguration('gearman');
  const inspected = config.inspect<ServerEntry[]>('servers');
  const current = (target.target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue) ?? [];
  await config.update('servers', [...current, entry], target.target);
  ctx.log.info(`Added server ${entry.host}:${entry.port ?? 4730} to ${target.target === vscode.ConfigurationTarget.Global ? 'user' : 'workspace'} settings`);
}
