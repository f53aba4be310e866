// The admin feature: `gearman/admin` (and the `gearman.server.admin` command for other
// editors) runs one action on one configured server; `gearman/testConnection` tries a
// server that is not saved yet. Blocked servers (untrusted workspace) are never contacted.
import type { Feature } from '../../context';
import * as protocol from '../../protocol';
import { runAction } from './actions';
import { badAddress, testConnection } from './testConnection';
import { TargetError, type ResolvedServer } from '../../registry/resolver';
import type { AdminAction, AdminParams, AdminResult } from './types';

const CHANGING = new Set<AdminAction['kind']>(['cancelJobs', 'maxQueue', 'createFunction', 'dropFunction']);

/** Checks the shape of an action from the wire; returns a message when it is not one. */
export function badAction(a: unknown): string | undefined {
  if (!a || typeof a !== 'object') return 'No admin action given';
  const x = a as Record<string, unknown>;
  const str = (k: string) => typeof x[k] === 'string' && (x[k] as string).length > 0;
  switch (x.kind) {
    case 'info': case 'jobs': return undefined;
    case 'cancelJobs': return Array.isArray(x.handles) && x.handles.length > 0 && x.handles.every((h) => typeof h === 'string' && h) ? undefined : 'cancelJobs needs a list of job handles';
    case 'createFunction': case 'dropFunction': return str('function') ? undefined : `${x.kind} needs a function name`;
    case 'maxQueue': {
      if (!str('function')) return 'maxQueue needs a function name';
      const l = x.limit as unknown;
      const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
      if (ok(l)) return undefined;
      const o = l as Record<string, unknown> | null;
      return o && typeof o === 'object' && ok(o.high) && ok(o.normal) && ok(o.low) ? undefined : 'maxQueue needs a limit: a whole number, or { high, normal, low }';
    }
    default: return `Unknown admin action ${JSON.stringify(x.kind)}`;
  }
}

/** Registers the admin requests. */
export const adminFeature: Feature = (ctx) => {
  const handle = async (p: AdminParams): Promise<AdminResult> => {
    const bad = badAction(p?.action);
    if (bad) return { ok: false, code: 'BAD_ARGUMENT', message: bad };
    let server: ResolvedServer;
    try {
      [server] = (await ctx.servers.resolve(p.serverId, { purpose: CHANGING.has(p.action.kind) ? 'change' : 'read' })).servers;
    } catch (e) {
      if (e instanceof TargetError) return { ok: false, code: e.code, message: e.message };
      throw e;
    }
    const result = await runAction({ id: server.config.id, name: server.config.name, endpoint: server.endpoint }, p.action, ctx.log);
    // Show the change at once rather than at the next poll.
    if (CHANGING.has(p.action.kind)) void ctx.registry.refresh(p.serverId);
    return result;
  };
  ctx.connection.onRequest(protocol.adminRequest, handle);
  ctx.connection.onRequest(protocol.testConnection, (p) => {
    const bad = badAddress(p?.host, p?.port);
    if (bad) return { ok: false, message: bad };
    return testConnection(ctx.servers.candidate(p.host.trim(), p.port, p.tls, p));
  });
  ctx.addCommand('gearman.server.admin', ([p]) => handle(p as AdminParams));
};
