// Reading and writing `gearman.servers` entries in user or workspace settings, by id.
import * as vscode from 'vscode';
import { DEFAULT_PORT, endpointLabel, type TlsConfig } from '../../../server/src/protocol';

/** One `gearman.servers` entry. */
export interface ServerEntry {
  name?: string;
  host: string;
  port?: number;
  tls?: boolean | TlsConfig;
}

/** The id the language server gives an entry: `host:port`, IPv6 hosts in brackets. */
export function entryId(e: ServerEntry): string {
  return endpointLabel({ host: e.host, port: e.port ?? DEFAULT_PORT });
}

/** The entries of one settings scope (string entries `host:port` read as objects). */
export function readEntries(scope: 'user' | 'workspace'): ServerEntry[] {
  const i = vscode.workspace.getConfiguration('gearman').inspect<unknown>('servers');
  const raw = scope === 'user' ? i?.globalValue : i?.workspaceValue;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e: unknown): ServerEntry[] => {
    if (typeof e === 'string') {
      const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(e.trim());
      return m ? [{ host: m[1], ...(m[2] ? { port: Number(m[2]) } : {}) }] : [];
    }
    return e && typeof e === 'object' && typeof (e as ServerEntry).host === 'string' ? [e as ServerEntry] : [];
  });
}

/** Replaces the entries of one settings scope. */
export async function writeEntries(scope: 'user' | 'workspace', entries: ServerEntry[]): Promise<void> {
  await vscode.workspace
    .getConfiguration('gearman')
    .update(
      'servers',
      entries,
      scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace,
    );
}
