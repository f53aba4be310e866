// Runs one admin action against one server: opens an admin connection, asks the version,
// refuses what the server does not answer, and turns every failure into an AdminError with
// words a user can act on. Failures of actions that change a server are written to the log.
import { AdminClient, GearmanError } from '../../gearman';
import { actionModule, announced, type AdminAction } from './actions';
import { AdminError, shown, unsupported, type ActionLog, type ActionTarget } from './actions/action';
import type { AdminResult } from './types';

export type { ActionLog, ActionTarget };

/** Runs `action` on the server; refusals and failures reject with an AdminError. */
export async function runAction(
  target: ActionTarget,
  action: AdminAction,
  log: ActionLog,
  opts: { connectTimeoutMs?: number; commandTimeoutMs?: number } = {},
): Promise<AdminResult> {
  const m = actionModule(action.kind);
  if (!m) throw new AdminError(`Unknown admin action ${JSON.stringify(action.kind)}`, 'BAD_ARGUMENT');
  const admin = new AdminClient(target.endpoint, {
    connectTimeoutMs: opts.connectTimeoutMs ?? 4000,
    commandTimeoutMs: opts.commandTimeoutMs ?? 8000,
  });
  const where = `${shown(target.name)} (${target.id})`;
  try {
    const version = await admin.version();
    const c = { admin, version, target, where, log };
    if (!announced(m, version).includes(m.kind)) throw unsupported(c, m.command ?? 'version');
    return await m.run(c, action);
  } catch (e) {
    if (e instanceof AdminError) throw e;
    const message = e instanceof GearmanError ? e.message : `Unexpected failure: ${(e as Error).message}`;
    if (m.changes) log('warn', `Admin action ${action.kind} on ${where} failed: ${message}`);
    throw new AdminError(message, e instanceof GearmanError ? e.code : 'FAILED');
  } finally {
    admin.close();
  }
}
