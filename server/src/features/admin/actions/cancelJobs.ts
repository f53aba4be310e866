// Cancel queued jobs. Running jobs are never "cancelled": gearmand 1.1.20 keeps queued=1 on a
// job a worker runs and marks it ignored while the worker goes on, so GET_STATUS decides first.
import { GearmanClient, ServerError, type Endpoint } from '../../../gearman';
import { defineAction, shown, type RunContext } from './action';
import type { AdminResult, CancelOutcome } from '../types';

/** `{ kind: 'cancelJobs', handles }`: one outcome per handle; `ok` is true only when every one was cancelled. */
export const cancelJobs = defineAction<{ kind: 'cancelJobs'; handles: string[] }>({
  kind: 'cancelJobs',
  command: 'cancel job',
  changes: true,
  check: (a) =>
    Array.isArray(a.handles) && a.handles.length > 0 && a.handles.every((h) => typeof h === 'string' && h)
      ? undefined
      : 'cancelJobs needs a list of job handles',
  run: (c, a) => cancel(c, a.handles),
});

async function cancel({ admin, target, where, log }: RunContext, handles: string[]): Promise<AdminResult> {
  const before = new Map((await admin.showJobs()).map((j) => [j.handle, j]));
  const running = await runningHandles(
    target.endpoint,
    handles.filter((h) => before.has(h)),
  );
  const out: CancelOutcome[] = [];
  for (const handle of handles) {
    const row = before.get(handle);
    if (!row) {
      out.push({ handle, ok: false, message: 'is no longer on the server (it finished, or was never there)' });
      continue;
    }
    if (row.ignore) {
      out.push({ handle, ok: false, message: 'was already cancelled; the server discards it when a worker takes it' });
      continue;
    }
    if (!row.queued || running.has(handle)) {
      out.push({
        handle,
        ok: false,
        message: 'is running; a running job cannot be stopped, only queued jobs can be cancelled',
      });
      continue;
    }
    try {
      await admin.cancelJob(handle);
      out.push({ handle, ok: true, message: 'cancelled' });
    } catch (e) {
      if (!(e instanceof ServerError)) throw e;
      out.push({
        handle,
        ok: false,
        message: e.code === 'UNKNOWN_JOB' ? 'is no longer on the server (a worker may have taken it)' : e.message,
      });
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
  return {
    ok: okCount === out.length,
    cancelled: out,
    message: `Cancelled ${okCount} of ${out.length} jobs on ${where}`,
  };
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
