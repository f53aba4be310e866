// Admin actions on tree rows: show jobs, cancel queued jobs, max queue, create/drop
// function, server info, copy. Each change to a server is confirmed in a modal dialog that
// names the server and the target; the language server runs it and writes it to the log.
import * as vscode from 'vscode';
import type * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { inert, offers } from '../views/labels';
import type { FunctionNode, JobNode, Node, ServerNode } from '../views/serversTree';
import { adminFailure, confirm, confirmKeepFirst, report, runAdmin, serverLabel } from './confirm';
import { errorMessage, type Factory } from './register';
import { askText, choose } from './ask';

/** The rows a command applies to: the multi-selection, the clicked row, or the view's selection. */
export function targets(ctx: Ctx, node: unknown, selected: unknown): Node[] {
  if (Array.isArray(selected) && selected.length) return selected as Node[];
  if (node && typeof node === 'object' && 'kind' in node) return [node as Node];
  return [...ctx.servers.view.selection];
}

function pick<K extends Node['kind']>(nodes: Node[], kind: K): Extract<Node, { kind: K }>[] {
  return nodes.filter((n): n is Extract<Node, { kind: K }> => n.kind === kind);
}

function needRow(what: string): void {
  void vscode.window.showInformationMessage(`Gearman: select ${what} in the Gearman Servers view first.`);
}

/** Shows the jobs of a server or function under their function rows. */
export async function showJobs(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const n = targets(ctx, node, selected)[0];
  const server = n?.kind === 'server' ? n : n?.kind === 'function' ? n.server : undefined;
  if (!server) return needRow('a server or a function');
  ctx.servers.tree.refreshJobs(server.snapshot.id);
  const listing = await ctx.servers.tree.jobs.get(server.snapshot);
  if (typeof listing === 'string') {
    void vscode.window.showErrorMessage(`Gearman: ${listing}`);
    return;
  }
  ctx.log.info(`Jobs on ${serverLabel(server.snapshot)}: ${listing.jobs.length} listed. ${listing.matching}`);
  const fns =
    n.kind === 'function'
      ? [n.info.name]
      : [...new Set(listing.jobs.flatMap((j) => (j.function !== undefined ? [j.function] : (j.candidates ?? []))))];
  for (const name of fns.slice(0, 20)) {
    const fnNode = ctx.servers.tree.functionNode(server.snapshot.id, name);
    if (fnNode) await ctx.servers.view.reveal(fnNode, { expand: true, select: false, focus: false });
  }
  if (listing.jobs.length === 0)
    void vscode.window.showInformationMessage(`Gearman: ${serverLabel(server.snapshot)} holds no jobs now.`);
}

/** Lists the unique ids the server holds; choosing one copies it. */
export async function showUniqueJobs(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const n = targets(ctx, node, selected)[0];
  const server = n?.kind === 'server' ? n : n?.kind === 'function' ? n.server : undefined;
  if (!server) return needRow('a server');
  const listing = (await runAdmin(ctx, server.snapshot.id, { kind: 'uniqueJobs' })).jobs;
  if (!listing) return;
  const byUnique = new Map(listing.jobs.filter((j) => j.unique !== undefined).map((j) => [j.unique as string, j]));
  const items = listing.uniques.map((u) => {
    const j = byUnique.get(u);
    return {
      label: u === '' ? '(no unique id)' : inert(u),
      description: j
        ? [j.handle ? inert(j.handle) : '', j.state, j.function !== undefined ? inert(j.function, 60) : '']
            .filter(Boolean)
            .join(' · ')
        : 'handle not certain',
      unique: u,
    };
  });
  const chosen = await choose(items, {
    title: `Unique jobs on ${serverLabel(server.snapshot)} (${items.length})`,
    placeHolder: items.length ? 'Choose one to copy its unique id' : 'The server holds no jobs',
  });
  if (chosen) await vscode.env.clipboard.writeText(chosen.unique);
}

/** Cancels the selected queued jobs, after a confirmation per server whose default keeps them. */
export async function cancelJobs(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const jobs = pick(targets(ctx, node, selected), 'job');
  if (!jobs.length) return needRow('one or more queued jobs');
  const byServer = new Map<string, JobNode[]>();
  for (const j of jobs) byServer.set(j.server.snapshot.id, [...(byServer.get(j.server.snapshot.id) ?? []), j]);
  for (const list of byServer.values()) {
    const server = list[0].server.snapshot;
    const queued = [
      ...new Map(
        list.filter((j) => j.job.state === 'queued' && j.job.handle).map((j) => [j.job.handle as string, j]),
      ).values(),
    ];
    const skipped = list.length - queued.length;
    if (!offers(server, 'cancelJobs')) {
      void vscode.window.showErrorMessage(
        `Gearman: ${serverLabel(server)} cannot cancel jobs (${server.kind === 'perl' ? 'Perl Gearman::Server has no cancel command' : 'the server does not support `cancel job`'}).`,
      );
      continue;
    }
    if (!queued.length) {
      void vscode.window.showInformationMessage(
        'Gearman: only queued jobs can be cancelled; a job a worker is already running cannot be stopped.',
      );
      continue;
    }
    const shown = queued.map(
      (j) => `${inert(j.job.handle ?? '')}${j.job.function !== undefined ? ` (${inert(j.job.function, 60)})` : ''}`,
    );
    const jobs = `${queued.length} queued job${queued.length === 1 ? '' : 's'}`;
    const go = await confirmKeepFirst(
      `Cancel ${jobs} on ${serverLabel(server)}?`,
      { label: 'Keep it', description: queued.length === 1 ? 'leave the job queued' : 'leave the jobs queued' },
      {
        label: `Cancel ${jobs}`,
        description: shown.slice(0, 3).join(', ') + (shown.length > 3 ? ` and ${shown.length - 3} more` : ''),
        detail: [
          skipped
            ? `${skipped} selected job(s) are running or already cancelled and are left alone: a running job cannot be stopped.`
            : '',
          `${queued.length === 1 ? 'It' : 'They'} will not run. gearmand 1.1.x keeps a cancelled job listed (ignored) until a worker for its function takes and discards it.`,
        ]
          .filter(Boolean)
          .join(' '),
      },
    );
    if (!go) continue;
    const result = await runAdmin(ctx, server.id, {
      kind: 'cancelJobs',
      handles: queued.map((j) => j.job.handle as string),
    }).catch((e: unknown) => {
      // One server's failure does not stop the others: say it and go on.
      ctx.log.error(`gearman.cancelJob on ${server.id}: ${errorMessage(e)}`);
      void vscode.window.showErrorMessage(`Gearman: ${errorMessage(e)}`);
      return undefined;
    });
    ctx.servers.tree.refreshJobs(server.id);
    if (!result) continue;
    const failed = (result.cancelled ?? []).filter((o) => !o.ok);
    const kept = (result.cancelled ?? []).some((o) => o.ok && o.stillListed);
    const msg = `Gearman: ${result.message}.${kept ? ' They will not run; gearmand lists them as cancelled (ignored) until a worker for the function discards them.' : ''}`;
    if (failed.length)
      void vscode.window.showWarningMessage(
        `${msg} ${failed.map((o) => `${inert(o.handle)} ${o.message}`).join('; ')}`,
      );
    else if (!result.ok) void vscode.window.showErrorMessage(`Gearman: ${result.message}`);
    else void vscode.window.showInformationMessage(msg);
  }
}

/** Sets the max queue of a function: one limit, or high/normal/low where the server takes three. */
export async function setMaxQueue(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const fn = pick(targets(ctx, node, selected), 'function')[0];
  if (!fn) return needRow('a function');
  const server = fn.server.snapshot;
  const title = `Set max queue of ${inert(fn.info.name, 60)} on ${serverLabel(server)}`;
  let mode = 'one';
  if (offers(server, 'maxQueuePriorities')) {
    const p = await choose(
      [
        { label: 'One limit for all priorities', mode: 'one' },
        { label: 'Separate high, normal and low limits', mode: 'three' },
      ],
      { title },
    );
    if (!p) return;
    mode = p.mode;
  }
  const ask = async (prompt: string) => {
    const v = await askText({
      title,
      prompt: `${prompt} (0 = unlimited)`,
      value: '0',
      validateInput: validLimit,
    });
    return v === undefined ? undefined : Number(v.trim());
  };
  let limit: protocol.MaxQueueLimit;
  if (mode === 'one') {
    const n = await ask('Most jobs that may wait in the queue');
    if (n === undefined) return;
    limit = n;
  } else {
    const high = await ask('Limit for high-priority jobs');
    if (high === undefined) return;
    const normal = await ask('Limit for normal-priority jobs');
    if (normal === undefined) return;
    const low = await ask('Limit for low-priority jobs');
    if (low === undefined) return;
    limit = { high, normal, low };
  }
  const shown =
    typeof limit === 'number'
      ? limit === 0
        ? 'unlimited'
        : String(limit)
      : `high ${limit.high}, normal ${limit.normal}, low ${limit.low}`;
  const detail =
    server.kind === 'perl'
      ? 'Perl Gearman::Server drops the newest queued jobs beyond the limit.'
      : 'Beyond the limit gearmand refuses new jobs of this function (QUEUE_ERROR). Jobs already queued stay.';
  if (
    !(await confirm(
      `Set the max queue of "${inert(fn.info.name, 80)}" on ${serverLabel(server)} to ${shown}?`,
      detail,
      'Set Max Queue',
    ))
  )
    return;
  report(await runAdmin(ctx, server.id, { kind: 'maxQueue', function: fn.info.name, limit }));
}

/** Validates a queue limit typed by the user. */
export function validLimit(v: string): string | undefined {
  return /^\s*\d{1,10}\s*$/.test(v) && Number(v) <= 0x7fffffff
    ? undefined
    : 'Enter a whole number from 0 (unlimited) to 2147483647.';
}

/** Validates a function name typed by the user (what the admin protocol can carry). */
export function validFunctionName(v: string): string | undefined {
  if (!v) return 'Enter a function name.';
  if (/[\s\0]/.test(v))
    return 'The admin protocol splits on spaces: a function name cannot contain spaces, tabs, line breaks or NUL.';
  if (Buffer.byteLength(v) > 512) return 'That name is too long for gearmand (512 bytes at most).';
  return undefined;
}

/** Creates a function on a server (gearmand). */
export async function createFunction(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const n = targets(ctx, node, selected)[0];
  const server = (n?.kind === 'server' ? n : n?.kind === 'group' || n?.kind === 'function' ? n.server : undefined) as
    ServerNode | undefined;
  if (!server) return needRow('a server');
  const s = server.snapshot;
  const name = await askText({
    title: `Create function on ${serverLabel(s)}`,
    prompt: 'Function name',
    validateInput: validFunctionName,
  });
  if (!name) return;
  if (
    !(await confirm(
      `Create function "${inert(name, 80)}" on ${serverLabel(s)}?`,
      'gearmand lists the function (with no workers and no jobs) until it is dropped.',
      'Create Function',
    ))
  )
    return;
  report(await runAdmin(ctx, s.id, { kind: 'createFunction', function: name }));
}

/** Drops a function; with queued jobs it asks twice (on gearmand 1.1.x that drop can crash the server). */
export async function dropFunction(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const fn = pick(targets(ctx, node, selected), 'function')[0] as FunctionNode | undefined;
  if (!fn) return needRow('a function');
  const s = fn.server.snapshot;
  const name = `"${inert(fn.info.name, 80)}"`;
  const jobs = fn.info.queued + fn.info.running;
  if (jobs === 0) {
    if (
      !(await confirm(
        `Drop function ${name} on ${serverLabel(s)}?`,
        'gearmand refuses while workers have registered it. Names are compared without case.',
        'Drop Function',
      ))
    )
      return;
    try {
      return report(await runAdmin(ctx, s.id, { kind: 'dropFunction', function: fn.info.name }));
    } catch (e) {
      // Jobs came in since the tree was drawn: ask twice, as for a row that showed them.
      const failure = adminFailure(e);
      if (failure?.code !== 'HAS_JOBS') throw e;
      return dropWithJobs(ctx, fn, failure.queued ?? 0, failure.running ?? 0);
    }
  }
  return dropWithJobs(ctx, fn, fn.info.queued, fn.info.running);
}

async function dropWithJobs(ctx: Ctx, fn: FunctionNode, queued: number, running: number): Promise<void> {
  const s = fn.server.snapshot;
  const name = `"${inert(fn.info.name, 80)}"`;
  const first = await confirm(
    `${name} on ${serverLabel(s)} still has ${queued} queued and ${running} running jobs. Drop it anyway?`,
    'Dropping a function that has queued jobs loses those jobs, and on gearmand 1.1.x it can crash the server. Wait for the queue to empty, or cancel the jobs first.',
    'Continue…',
  );
  if (!first) return;
  const second = await confirm(
    `Really drop ${name} and its ${queued} queued jobs on ${serverLabel(s)}?`,
    'This is the second confirmation. The jobs cannot be recovered and the server may crash.',
    'Drop Function and Jobs',
  );
  if (!second) return;
  report(await runAdmin(ctx, s.id, { kind: 'dropFunction', function: fn.info.name, force: true }));
}

/** Shows the server's version, pid and log level. */
export async function serverInfo(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const n = targets(ctx, node, selected)[0];
  const server = n?.kind === 'server' ? n : undefined;
  if (!server) return needRow('a server');
  const r = await runAdmin(ctx, server.snapshot.id, { kind: 'info' });
  if (!r.info) return report(r);
  const i = r.info;
  const text = [
    `${r.message} at ${serverLabel(server.snapshot)}`,
    i.pid !== undefined ? `pid ${i.pid}` : '',
    i.verbose ? `verbose ${i.verbose}` : '',
    i.unsupported.length ? `not supported: ${i.unsupported.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  ctx.log.info(text);
  const copy = await vscode.window.showInformationMessage(`Gearman: ${text}`, 'Copy');
  if (copy) await vscode.env.clipboard.writeText(text);
}

/** Copies the name of a server, function or worker function, or the unique id of a job. */
export async function copyName(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const n = targets(ctx, node, selected)[0];
  const text = !n
    ? undefined
    : n.kind === 'server'
      ? n.snapshot.name
      : n.kind === 'function'
        ? n.info.name
        : n.kind === 'workerFunction'
          ? n.name
          : n.kind === 'job'
            ? (n.job.unique ?? n.job.function ?? n.job.handle)
            : undefined;
  if (text === undefined) return needRow('a server, function or job');
  // Raw (non-UTF-8) bytes cannot go to the clipboard; their \xHH form is copied instead.
  await vscode.env.clipboard.writeText(inert(text, 1_000_000));
}

/** Copies the handle of a job. */
export async function copyHandle(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const job = pick(targets(ctx, node, selected), 'job')[0];
  if (!job?.job.handle) return needRow('a job with a handle');
  await vscode.env.clipboard.writeText(job.job.handle);
}

/** The admin commands (id → factory), registered with the others in ./index.ts. */
export const adminCommands: Record<string, Factory> = {
  'gearman.showJobs': (ctx) => (n, sel) => showJobs(ctx, n, sel),
  'gearman.showUniqueJobs': (ctx) => (n, sel) => showUniqueJobs(ctx, n, sel),
  'gearman.cancelJob': (ctx) => (n, sel) => cancelJobs(ctx, n, sel),
  'gearman.setMaxQueue': (ctx) => (n, sel) => setMaxQueue(ctx, n, sel),
  'gearman.createFunction': (ctx) => (n, sel) => createFunction(ctx, n, sel),
  'gearman.dropFunction': (ctx) => (n, sel) => dropFunction(ctx, n, sel),
  'gearman.serverInfo': (ctx) => (n, sel) => serverInfo(ctx, n, sel),
  'gearman.copyName': (ctx) => (n, sel) => copyName(ctx, n, sel),
  'gearman.copyHandle': (ctx) => (n, sel) => copyHandle(ctx, n, sel),
};
