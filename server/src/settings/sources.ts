// Which configured servers exist and which may be contacted. The VS Code client tells the
// server whether the workspace is trusted and which `gearman.servers` entries come from user
// and which from workspace settings (the merged value cannot say). Both lists are shown
// together, each entry marked with its source: a server the user adds to user settings is
// never hidden by a workspace list. Where both name the same host:port, the user's entry wins,
// so a workspace cannot rename it, switch its certificate checks off or lift its readOnly.
// In an untrusted workspace, workspace entries are shown but blocked: never connected to.
// Other editors send nothing: their settings are used as they are.
import { parseRegistrySettings, type RegistrySettings } from './servers';
import type { ServerConfig } from '../registry/types';

/** What the client said about trust and setting sources (`sources` false when it said nothing). */
export interface TrustState {
  trusted: boolean;
  /** True when user/workspace values below come from the client. */
  sources: boolean;
  user?: unknown;
  workspace?: unknown;
}

/** Reason shown on a blocked server. */
export const BLOCKED_REASON =
  'Not connected: this server is set in the settings of a workspace you have not trusted. Trust the workspace (Workspaces: Manage Workspace Trust) to connect, or add the server to your user settings.';

/** Trust state from initializationOptions.trust or a `gearman/trust` notification (anything else: trusted, no sources). */
export function trustFrom(raw: unknown): TrustState {
  if (!raw || typeof raw !== 'object') return { trusted: true, sources: false };
  const t = raw as Record<string, unknown>;
  return { trusted: t.trusted !== false, sources: true, user: t.user, workspace: t.workspace };
}

/** The registry settings for these settings under this trust state. */
export function resolveServers(rawServers: unknown, rawInterval: unknown, trust: TrustState): RegistrySettings {
  if (!trust.sources) return parseRegistrySettings(rawServers, rawInterval);
  const user = parseRegistrySettings(trust.user, rawInterval, 'user');
  if (trust.workspace === undefined) return user;
  const ws = parseRegistrySettings(trust.workspace, rawInterval, 'workspace');
  const servers: ServerConfig[] = user.servers.filter((s) => s.source !== 'default');
  const problems = [
    ...user.problems,
    ...ws.problems.filter((p) => p.startsWith('gearman.servers')).map((p) => `(workspace settings) ${p}`),
  ];
  for (const s of ws.servers) {
    if (s.source === 'default') continue;
    const mine = servers.find((u) => u.id === s.id);
    if (mine) {
      if (s.tls?.insecureSkipVerify && mine.tls && !mine.tls.insecureSkipVerify) {
        problems.push(
          `(workspace settings) gearman.servers: ${s.id} turns certificate checks off, but your user settings define ${s.id} with them on; your user settings are used.`,
        );
      }
      continue;
    }
    servers.push(trust.trusted ? s : { ...s, blocked: BLOCKED_REASON });
  }
  if (servers.length === 0) return { ...user, problems };
  return { servers, usingDefault: false, refreshMs: user.refreshMs, problems: [...new Set(problems)] };
}
