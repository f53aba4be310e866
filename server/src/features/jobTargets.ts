// Which gearmand(s) a job goes to: a configured server by id or name, `host:port`, or `all`.
// Pure: configs in, endpoints (or a readable error) out.
import type { Endpoint } from '../gearman/endpoint';
import { parseRegistrySettings } from '../registry/settings';
import type { RawSettings } from '../config';
import type { ServerConfig } from '../registry/types';

/** The servers a job goes to (several = failover in this order) and how to name them to a user. */
export interface JobTarget {
  endpoints: Endpoint[];
  label: string;
}

/** Configured servers from the raw settings (the same list the registry polls). */
export function serverConfigs(settings: RawSettings): ServerConfig[] {
  return parseRegistrySettings(settings.servers, settings.refreshInterval).servers;
}

function toEndpoint(c: ServerConfig): Endpoint {
  return { host: c.host, port: c.port, ...(c.tls ? { tls: c.tls } : {}) };
}

/** Resolves `serverId` (undefined = the first configured server); returns an error message when nothing matches. */
export function resolveTarget(serverId: string | undefined, configs: ServerConfig[]): JobTarget | string {
  const known = configs.map((c) => c.name === c.id ? c.id : `${c.name} (${c.id})`).join(', ') || 'none';
  if (serverId === undefined || serverId === '') {
    const first = configs[0];
    if (!first) return 'No Gearman server is configured: add one to gearman.servers, or name one with server: host:port';
    return { endpoints: [toEndpoint(first)], label: first.name };
  }
  if (serverId === 'all') {
    if (configs.length === 0) return 'No Gearman server is configured, so "all" names no server: add servers to gearman.servers';
    return { endpoints: configs.map(toEndpoint), label: `all servers (${configs.map((c) => c.name).join(', ')})` };
  }
  const byId = configs.find((c) => c.id === serverId) ?? configs.find((c) => c.name === serverId);
  if (byId) return { endpoints: [toEndpoint(byId)], label: byId.name };
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(serverId);
  const port = m ? Number(m[3]) : 0;
  if (m && port >= 1 && port <= 65535) {
    const host = m[1] ?? m[2];
    const cfg = configs.find((c) => c.host === host && c.port === port);
    return cfg ? { endpoints: [toEndpoint(cfg)], label: cfg.name } : { endpoints: [{ host, port }], label: serverId };
  }
  return `No configured Gearman server is called "${serverId}"; use one of ${known}, host:port, or all`;
}
