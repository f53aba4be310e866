// Drop function, with the checks gearmand does not make: names it would match without case
// are refused, and a function with queued or running jobs is kept unless the user confirmed twice.
import { AdminError, defineAction, done, isName, requireFunction, shown } from './action';

/** `{ kind: 'dropFunction', function, force? }`: refused while the function has jobs unless `force`. */
export const dropFunction = defineAction<{ kind: 'dropFunction'; function: string; force?: boolean }>({
  kind: 'dropFunction',
  command: 'drop function',
  changes: true,
  check: (a) => (isName(a.function) ? undefined : 'dropFunction needs a function name'),
  async run(c, a) {
    const fn = a.function;
    const status = await requireFunction(c, fn, '');
    const row = status.find((r) => r.name === fn)!;
    const twins = status.filter((r) => r.name !== fn && r.name.toLowerCase() === fn.toLowerCase());
    if (twins.length) {
      throw new AdminError(
        `${c.where} also has ${twins.map((t) => shown(t.name)).join(', ')}; gearmand compares names without case, so dropping ${shown(fn)} could drop another function. Not dropped.`,
        'AMBIGUOUS_NAME',
      );
    }
    if (row.queued + row.running > 0 && !a.force) {
      throw new AdminError(
        `${shown(fn)} on ${c.where} still has ${row.queued} queued and ${row.running} running jobs; dropping it loses them and can crash gearmand 1.1.x`,
        'HAS_JOBS',
        { queued: row.queued, running: row.running },
      );
    }
    await c.admin.dropFunction(fn);
    return done(
      c,
      `Dropped function ${shown(fn)} on ${c.where}${row.queued ? ` with ${row.queued} queued jobs (confirmed twice)` : ''}`,
    );
  },
});
