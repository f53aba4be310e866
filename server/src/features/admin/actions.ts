// Runs one admin action against one server, with the checks gearmand does not make:
// a drop that would take queued jobs with it is refused unless forced, names gearmand would
// match without case are refused, maxqueue on a function the server does not have is
// refused (gearmand says OK and ignores it), and running jobs are not "cancelled".
// Every action that changes a server is written to the log.
import { AdminClient } from '../../gearman/admin';
import { commandSupported, serverTitle, type AdminCommand } from '../../gearman/adminSupport';
import type { Endpoint } from '../../gearman/endpoint';
import { GearmanClient } from '../../gearman/client';
import { GearmanError, ServerError } from '../../gearman/errors';
import { inert } from '../../text/inert';
import type { ServerVersion } from '../../gearman/adminParse';
import { readJobs } from './readJobs';
import type { AdminAction, AdminResult, CancelOutcome, ServerInfo } from './types';

/** A configured server an action runs on. */
export interface ActionTarget {
  id: string;
  name: string;
  endpoint: Endpoint;
}

/** Where action lines go (the "Gearman" log). */
export type ActionLog = (level: 'info' | 'warn', message: string) => void;

/** Commands whose absence the UI explains. */
const OPTIONAL: AdminCommand[] = ['show jobs', 'show unique jobs', 'cancel job', 'create function', 'drop function', 'maxqueue', 'maxqueue priorities', 'getpid', 'verbose', 'prioritystatus'];

/** Inert, bounded text for a name in messages and the log. */
export function shown(name: string): string {
  return inert(name, 200);
}

/** Runs `action` on the server; never throws: failures come back as `ok: false` with words a user can act on. */
export async function runAction(target: ActionTarget, action: AdminAction, log: ActionLog, opts: { connectTimeoutMs?: number; commandTimeoutMs?: number } = {}): Promise<AdminResult> {
  const admin = new AdminClient(target.endpoint, { connectTimeoutMs: opts.connectTimeoutMs ?? 4000, commandTimeoutMs: opts.commandTimeoutMs ?? 8000 });
  const where = `${shown(target.name)} (${target.id})`;
  try {
    const version = await admin.version();
    const unsupported = (cmd: AdminCommand): AdminResult | undefined => commandSupported(version, cmd) === true ? undefined
      : { ok: false, code: 'UNSUPPORTED', message: `${serverTitle(version)} at ${target.id} does not support \`${cmd === 'maxqueue priorities' ? 'maxqueue with high/normal/low limits' : cmd}\`` };
    switch (action.kind) {
      case 'info': return { ok: true, message: serverTitle(version), info: await info(admin, version) };
      case 'jobs': {
        if (version.kind !== 'perl') {
          const u = unsupported('show jobs');
          if (u) return u;
        }
        const jobs = await readJobs(admin, target.endpoint, target.id);
        return { ok: true, message: `${jobs.jobs.length} jobs on ${where}`, jobs };
      }
      case 'cancelJobs': return unsupported('cancel job') ?? await cancelJobs(admin, target.endpoint, action.handles, where, log);
      case 'maxQueue': {
        const u = unsupported(typeof action.limit === 'number' ? 'maxqueue' : 'maxqueue priorities');
        if (u) return u;
        const missing = await requireFunction(admin, action.function, where);
        if (missing) return missing;
        await admin.maxQueue(action.function, action.limit);
        const limit = typeof action.limit === 'number' ? `${action.limit || 'unlimited'}` : `high ${action.limit.high}, normal ${action.limit.normal}, low ${action.limit.low}`;
        return done(log, `Set the max queue of ${shown(action.function)} on ${where} to ${limit}`);
      }
      case 'createFunction': {
        const u = unsupported('create function');
        if (u) return u;
        if ((await admin.status()).some((r) => r.name === action.function)) {
          return { ok: false, code: 'EXISTS', message: `${where} already has a function ${shown(action.function)}` };
        }
        await admin.createFunction(action.function);
        return done(log, `Created function ${shown(action.function)} on ${where}`);
      }
      case 'dropFunction': return unsupported('drop function') ?? await dropFunction(admin, action.function, !!action.force, where, log);
    }
  } catch (e) {
    const message = e instanceof GearmanError ? e.message : `Unexpected failure: ${(e as Error).message}`;
    if (action.kind !== 'info' && action.kind !== 'jobs') log('warn', `Admin action ${action.kind} on ${where} failed: ${message}`);
    return { ok: false, code: e instanceof GearmanError ? e.code : 'FAILED', message };
  } finally {
    admin.close();
  }
}

function done(log: ActionLog, message: string): AdminResult {
  log('info', `Admin: ${message}`);
  return { ok: true, message };
}

async function info(admin: AdminClient, version: ServerVersion): Promise<ServerInfo> {
  const out: ServerInfo = { kind: version.kind, version: version.version || version.raw, unsupported: OPTIONAL.filter((c) => commandSupported(version, c) === false) };
  if (commandSupported(version, 'getpid')) out.pid = await admin.getPid();
  if (commandSupported(version, 'verbose')) out.verbose = await admin.verbose();
  return out;
}

async function requireFunction(admin: AdminClient, fn: string, where: string): Promise<AdminResult | undefined> {
  if ((await admin.status()).some((r) => r.name === fn)) return undefined;
  return { ok: false, code: 'NOT_FOUND', message: `${where} has no function ${shown(fn)}; gearmand would accept a limit for it and ignore it. Create the function first.` };
}

async function cancelJobs(admin: AdminClient, endpoint: Endpoint, handles: string[], where: string, log: ActionLog): Promise<AdminResult> {
  const before = new Map((await admin.showJobs()).map((j) => [j.handle, j]));
  // gearmand 1.1.20 keeps queued=1 on a job a worker runs, and "cancels" it (marks it ignored)
  // while the worker goes on: ask GET_STATUS so a running job is never touched.
  const running = await runningHandles(endpoint, handles.filter((h) => before.has(h)));
  const out: CancelOutcome[] = [];
  for (const handle of handles) {
    const row = before.get(handle);
    if (!row) { out.push({ handle, ok: false, message: 'is no longer on the server (it finished, or was never there)' }); continue; }
    if (row.ignore) { out.push({ handle, ok: false, message: 'was already cancelled; the server discards it when a worker takes it' }); continue; }
    if (!row.queued || running.has(handle)) { out.push({ handle, ok: false, message: 'is running; a running job cannot be stopped, only queued jobs can be cancelled' }); continue; }
    try {
      await admin.cancelJob(handle);
      out.push({ handle, ok: true, message: 'cancelled' });
    } catch (e) {
      if (!(e instanceof ServerError)) throw e;
      out.push({ handle, ok: false, message: e.code === 'UNKNOWN_JOB' ? 'is no longer on the server (a worker may have taken it)' : e.message });
    }
  }
  const after = new Map((await admin.showJobs()).map((j) => [j.handle, j]));
  for (const o of out) {
    if (!o.ok) continue;
    const still = after.get(o.handle);
    if (still) {
      o.stillListed = true;
      o.message = still.ignore
        ? 'cancelled: it will not run, but gearmand keeps listing it (marked ignored, and counted in status) until a worker for its function takes and discards it'
        : 'the server said OK but still lists the job as queued';
      if (!still.ignore) o.ok = false;
    }
  }
  for (const o of out) log(o.ok ? 'info' : 'warn', `Admin: cancel job ${shown(o.handle)} on ${where}: ${o.message}`);
  const okCount = out.filter((o) => o.ok).length;
  return { ok: okCount === out.length, cancelled: out, message: `Cancelled ${okCount} of ${out.length} jobs on ${where}` };
}

async function runningHandles(endpoint: Endpoint, handles: string[]): Promise<Set<string>> {
  if (!handles.length) return new Set();
  const client = new GearmanClient(endpoint, { connectTimeoutMs: 4000, requestTimeoutMs: 8000, exceptions: false });
  try {
    const st = await Promise.all(handles.map((h) => client.getStatus(h)));
    return new Set(handles.filter((_, i) => st[i].running));
  } finally {
    client.close();
  }
}

async function dropFunction(admin: AdminClient, fn: string, force: boolean, where: string, log: ActionLog): Promise<AdminResult> {
  const status = await admin.status();
  const row = status.find((r) => r.name === fn);
  if (!row) return { ok: false, code: 'NOT_FOUND', message: `${where} has no function ${shown(fn)}` };
  const twins = status.filter((r) => r.name !== fn && r.name.toLowerCase() === fn.toLowerCase());
  if (twins.length) {
    return { ok: false, code: 'AMBIGUOUS_NAME', message: `${where} also has ${twins.map((t) => shown(t.name)).join(', ')}; gearmand compares names without case, so dropping ${shown(fn)} could drop another function. Not dropped.` };
  }
  if (row.queued + row.running > 0 && !force) {
    return { ok: false, code: 'HAS_JOBS', queued: row.queued, running: row.running, message: `${shown(fn)} on ${where} still has ${row.queued} queued and ${row.running} running jobs; dropping it loses them and can crash gearmand 1.1.x` };
  }
  await admin.dropFunction(fn);
  return done(log, `Dropped function ${shown(fn)} on ${where}${row.queued ? ` with ${row.queued} queued jobs (confirmed twice)` : ''}`);
}
