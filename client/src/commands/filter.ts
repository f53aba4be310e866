// The Servers view filter: by function name, and hiding functions with no jobs and no
// workers (gearmand lists every function ever seen until it is dropped).
import type { Ctx } from '../ctx';
import { askText } from './ask';

/** Asks for the function-name filter (empty clears it). */
export async function filterFunctions(ctx: Ctx): Promise<void> {
  const f = ctx.servers.currentFilter;
  const text = await askText({
    title: 'Filter Gearman functions',
    prompt: 'Show only functions whose name contains this text (empty: show all)',
    value: f.text,
  });
  if (text === undefined) return;
  await ctx.servers.setFilter({ ...f, text });
}

/** Clears the name filter. */
export async function clearFilter(ctx: Ctx): Promise<void> {
  await ctx.servers.setFilter({ ...ctx.servers.currentFilter, text: '' });
}

/** Turns hiding of idle functions (no jobs, no workers) on or off. */
export async function setHideIdle(ctx: Ctx, hide: boolean): Promise<void> {
  await ctx.servers.setFilter({ ...ctx.servers.currentFilter, hideEmpty: hide });
}

/** Sorts functions with problems (queued jobs and no worker, then queued jobs) first, or by name. */
export async function setProblemsFirst(ctx: Ctx, on: boolean): Promise<void> {
  await ctx.servers.setFilter({ ...ctx.servers.currentFilter, problemsFirst: on });
}
