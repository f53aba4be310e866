// Text shown in the tree, status bar and log for registry data. Pure (no vscode import)
// so it is unit-tested; names from the wire are made inert and bounded here.
import { displayName } from '../../../server/src/gearman/names';
import type { FunctionInfo, ServerSnapshot, WorkerInfo } from '../../../server/src/protocol';

const MAX_LABEL = 120;

/** Shows raw bytes and control characters (ANSI escapes, NUL, newlines) as visible escapes and bounds the length. */
export function inert(s: string, max = MAX_LABEL): string {
  // displayName covers C0 controls, DEL and raw (non-UTF-8) bytes; C1 controls and line separators too here.
  const shown = displayName(s).replace(/[\u0080-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

/** `12 queued · 3 running · 2 workers`. */
export function functionDescription(f: FunctionInfo): string {
  return `${f.queued} queued · ${f.running} running · ${f.workers} ${f.workers === 1 ? 'worker' : 'workers'}`;
}

/** True when jobs wait and nobody can take them. */
export function isStarved(f: FunctionInfo): boolean {
  return f.queued > 0 && f.workers === 0;
}

/** Tooltip of a function row, with per-priority queues when known. */
export function functionTooltip(f: FunctionInfo, server: ServerSnapshot): string {
  const lines = [`${inert(f.name, 500)} on ${server.name}`, functionDescription(f)];
  if (f.priority) lines.push(`queued by priority: ${f.priority.high} high · ${f.priority.normal} normal · ${f.priority.low} low`);
  if (isStarved(f)) lines.push('Jobs are queued but no worker has registered this function.');
  return lines.join('\n');
}

/** Server row description: version, or the state. */
export function serverDescription(s: ServerSnapshot): string {
  switch (s.health) {
    case 'up': return [s.kind === 'perl' ? 'Perl' : undefined, s.version].filter(Boolean).join(' ') || 'up';
    case 'down': return 'down';
    case 'blocked': return 'blocked';
    default: return 'connecting…';
  }
}

/** Server tooltip: address, version, state and error. */
export function serverTooltip(s: ServerSnapshot, usingDefault: boolean): string {
  const lines = [`${s.name} (${s.host}:${s.port}${s.tls ? ', TLS' : ''})`];
  if (usingDefault) lines.push('gearman.servers is empty, so localhost:4730 is used.');
  if (s.version) lines.push(`${s.kind === 'perl' ? 'Perl Gearman::Server' : 'gearmand'} ${s.version}`);
  lines.push(`State: ${s.health}`);
  if (s.error) lines.push(`Error: ${inert(s.error, 500)}`);
  if (s.lastSeen) lines.push(`Last seen: ${new Date(s.lastSeen).toLocaleTimeString()}`);
  return lines.join('\n');
}

/** Worker row label: address and client id. */
export function workerLabel(w: WorkerInfo): string {
  return w.clientId && w.clientId !== '-' ? `${inert(w.address)} · ${inert(w.clientId)}` : inert(w.address);
}

/** Worker row description: fd and how many functions. */
export function workerDescription(w: WorkerInfo): string {
  return `fd ${inert(w.fd, 20)} · ${w.functions.length} ${w.functions.length === 1 ? 'function' : 'functions'}`;
}

/** Status bar text, e.g. `Gearman: 2/3 servers`. */
export function statusBarText(servers: ServerSnapshot[]): string {
  const up = servers.filter((s) => s.health === 'up').length;
  return `Gearman: ${up}/${servers.length} ${servers.length === 1 ? 'server' : 'servers'}`;
}
