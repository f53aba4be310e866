// The admin feature: `gearman/admin` (and the `gearman.server.admin` command for other
// editors) runs one action on one configured server; `gearman/testConnection` tries a
// server that is not saved yet. Blocked servers (untrusted workspace) are never contacted.
// Refusals and failures reach the editor as a ResponseError whose data carries the code.
import type { Feature } from '../../context';
import * as protocol from '../../protocol';
import { requestFailed } from '../../requestFailed';
import { actionModule, badAction } from './actions';
import { AdminError } from './actions/action';
import { runAction } from './run';
import { badAddress, testConnection } from './testConnection';
import type { AdminParams, AdminResult } from './types';

export { badAction };

/** Registers the admin requests. */
export const adminFeature: Feature = (ctx) => {
  const handle = async (p: AdminParams): Promise<AdminResult> => {
    try {
      const bad = badAction(p?.action);
      if (bad) throw new AdminError(bad, 'BAD_ARGUMENT');
      const changes = !!actionModule(p.action.kind)?.changes;
      const [server] = (await ctx.servers.resolve(p.serverId, { purpose: changes ? 'change' : 'read' })).servers;
      const result = await runAction(
        { id: server.config.id, name: server.config.name, endpoint: server.endpoint },
        p.action,
        ctx.log,
      );
      // Show the change at once rather than at the next poll.
      if (changes) void ctx.registry.refresh(p.serverId);
      return result;
    } catch (e) {
      throw requestFailed(e);
    }
  };
  ctx.connection.onRequest(protocol.adminRequest, handle);
  ctx.connection.onRequest(protocol.testConnection, (p) => {
    const bad = badAddress(p?.host, p?.port);
    if (bad) return { ok: false, message: bad };
    return testConnection(ctx.servers.candidate(p.host.trim(), p.port, p.tls, p));
  });
  ctx.addCommand('gearman.server.admin', ([p]) => handle(p as AdminParams));
};
