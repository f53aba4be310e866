// Turns raw `gearman.servers` and `gearman.refreshInterval` values into server configs, with a
// readable problem for every entry that cannot be used (the rest still work).
import { DEFAULT_PORT, endpointLabel } from '../gearman';
import type { ServerConfig, TlsConfig } from '../registry/types';

/** Registry settings after validation. */
export interface RegistrySettings {
  servers: ServerConfig[];
  /** True when `gearman.servers` is empty and localhost:4730 is used instead. */
  usingDefault: boolean;
  /** Poll interval in milliseconds. */
  refreshMs: number;
  /** One message per unusable entry, naming it and what to fix. */
  problems: string[];
}

const DEFAULT_REFRESH_S = 5;

/** Validates raw `gearman.servers` and `gearman.refreshInterval` values (any JSON). */
export function parseRegistrySettings(
  rawServers: unknown,
  rawInterval: unknown,
  source: ServerConfig['source'] = 'user',
): RegistrySettings {
  const problems: string[] = [];
  const servers: ServerConfig[] = [];
  const list = rawServers === undefined || rawServers === null ? [] : rawServers;
  if (!Array.isArray(list)) {
    problems.push('gearman.servers must be a list of { "host": ..., "port": ... } entries; it is ignored until fixed.');
  } else {
    list.forEach((entry, i) => {
      const r = parseEntry(entry, i, source);
      if (typeof r === 'string') problems.push(r);
      else if (servers.some((s) => s.id === r.id))
        problems.push(`gearman.servers[${i}]: ${r.id} is listed twice; the second entry is ignored.`);
      else servers.push(r);
    });
  }
  const usingDefault = servers.length === 0 && problems.length === 0;
  if (usingDefault) {
    const id = endpointLabel({ host: 'localhost', port: DEFAULT_PORT });
    servers.push({ id, name: id, host: 'localhost', port: DEFAULT_PORT, source: 'default' });
  }
  let refreshS = DEFAULT_REFRESH_S;
  if (rawInterval !== undefined && rawInterval !== null) {
    if (typeof rawInterval === 'number' && Number.isFinite(rawInterval) && rawInterval >= 1) refreshS = rawInterval;
    else
      problems.push(
        `gearman.refreshInterval must be a number of seconds (1 or more), not ${JSON.stringify(rawInterval)}; using ${DEFAULT_REFRESH_S}.`,
      );
  }
  return { servers, usingDefault, refreshMs: Math.round(refreshS * 1000), problems };
}

function parseEntry(entry: unknown, i: number, source: ServerConfig['source']): ServerConfig | string {
  const where = `gearman.servers[${i}]`;
  if (typeof entry === 'string') return parseEntry(hostPortObject(entry), i, source);
  if (!entry || typeof entry !== 'object')
    return `${where} must be an object like { "host": "10.0.0.5", "port": 4730 }.`;
  const e = entry as Record<string, unknown>;
  const host = typeof e.host === 'string' ? e.host.trim() : '';
  if (!host) return `${where} has no "host"; add the gearmand host name or address.`;
  if (/[\s/]/.test(host)) return `${where}: "${host}" is not a host name or address.`;
  let port = DEFAULT_PORT;
  if (e.port !== undefined) {
    const p = typeof e.port === 'string' ? Number(e.port) : e.port;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535)
      return `${where}: port ${JSON.stringify(e.port)} must be a whole number from 1 to 65535.`;
    port = p;
  }
  const tls = parseTls(e.tls);
  if (typeof tls === 'string') return `${where}: ${tls}`;
  if (e.readOnly !== undefined && typeof e.readOnly !== 'boolean') return `${where}: readOnly must be true or false.`;
  const id = endpointLabel({ host, port });
  const name = typeof e.name === 'string' && e.name.trim() ? e.name.trim() : id;
  return { id, name, host, port, tls, source, ...(e.readOnly === true ? { readOnly: true } : {}) };
}

function hostPortObject(s: string): Record<string, unknown> {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(s.trim());
  return m ? { host: m[1], port: m[2] } : { host: s };
}

function parseTls(raw: unknown): TlsConfig | undefined | string {
  if (raw === undefined || raw === false || raw === null) return undefined;
  if (raw === true) return {};
  if (typeof raw !== 'object')
    return 'tls must be true, false, or an object with caFile, certFile, keyFile, servername, insecureSkipVerify.';
  const t = raw as Record<string, unknown>;
  const out: TlsConfig = {};
  for (const k of ['caFile', 'certFile', 'keyFile', 'servername'] as const) {
    if (t[k] === undefined) continue;
    if (typeof t[k] !== 'string') return `tls.${k} must be a string.`;
    out[k] = t[k] as string;
  }
  if (t.insecureSkipVerify !== undefined) {
    if (typeof t.insecureSkipVerify !== 'boolean') return 'tls.insecureSkipVerify must be true or false.';
    out.insecureSkipVerify = t.insecureSkipVerify;
  }
  if ((out.certFile === undefined) !== (out.keyFile === undefined))
    return 'tls.certFile and tls.keyFile go together; set both or neither.';
  return out;
}
