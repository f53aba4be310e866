// Commands of the Jobs and Job History views and of local workers.
import * as vscode from 'vscode';
import type { LocalWorkerInfo, ServerSnapshot } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { jobHub } from '../jobs';
import { entryToState, type HistoryEntry } from '../jobs/historyEntries';
import { describeJob } from '../jobs/jobState';
import { openAsBlock, runJob } from '../jobs/runJob';
import { ResultPanel } from '../panels/resultPanel';
import type { JobsNode } from '../views/jobsTree';
import { inert } from '../views/labels';
import { askText, choose } from './ask';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A job id from a Jobs-view row or a plain id. */
function jobIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const n = arg as JobsNode | undefined;
  return n?.kind === 'job' ? n.state.jobId : undefined;
}

/** Shows a job's result panel. */
export function showJobResult(ctx: Ctx, arg: unknown): void {
  const id = jobIdOf(arg);
  if (id && jobHub(ctx).get(id)) ResultPanel.show(ctx, id, false);
}

/** Starts watching a queued job. */
export async function watchJob(ctx: Ctx, arg: unknown): Promise<void> {
  const id = jobIdOf(arg);
  if (!id) return;
  try {
    await jobHub(ctx).watch(id);
  } catch (e) {
    void vscode.window.showErrorMessage(`Gearman: cannot watch the job: ${message(e)}`);
  }
}

/** Stops waiting for (or watching) a job. */
export async function stopWaiting(ctx: Ctx, arg: unknown): Promise<void> {
  const id = jobIdOf(arg);
  if (id) await jobHub(ctx).cancel(id);
}

/** Shows a history entry's result. */
export function openHistoryEntry(ctx: Ctx, e: HistoryEntry): void {
  const hub = jobHub(ctx);
  if (!hub.get(e.id)) hub.restore(entryToState(e));
  ResultPanel.show(ctx, e.id, false);
}

/** Runs a history entry again. */
export async function rerunHistoryEntry(ctx: Ctx, e: HistoryEntry | undefined): Promise<void> {
  const entry = e ?? (await pickHistory(ctx, 'Run again'));
  if (entry) await runJob(ctx, entry.request, entry.target, entry.repeat);
}

/** Opens a history entry as a `.gearman` block. */
export async function historyAsBlock(ctx: Ctx, e: HistoryEntry | undefined): Promise<void> {
  const entry = e ?? (await pickHistory(ctx, 'Open as .gearman block'));
  if (entry)
    await openAsBlock(ctx, { ...entry.request }, `${entry.request.function} (${new Date(entry.at).toISOString()})`);
}

/** The history as a quick pick: pick an entry, then what to do with it. */
export async function showHistory(ctx: Ctx): Promise<void> {
  const entry = await pickHistory(ctx, 'Job history');
  if (!entry) return;
  const action = await choose(['Show Result', 'Run Again', 'Open as .gearman Block'], {
    title: `${entry.request.function}: what now?`,
  });
  if (action === 'Show Result') openHistoryEntry(ctx, entry);
  if (action === 'Run Again') await rerunHistoryEntry(ctx, entry);
  if (action === 'Open as .gearman Block') await historyAsBlock(ctx, entry);
}

async function pickHistory(ctx: Ctx, title: string): Promise<HistoryEntry | undefined> {
  const list = jobHub(ctx).history.list();
  if (!list.length) {
    void vscode.window.showInformationMessage('Gearman: no job has been submitted in this workspace yet.');
    return undefined;
  }
  const items = list.map((e) => ({
    label: inert(e.request.function),
    description: `${describeJob(entryToState(e))} · ${inert(e.server ?? e.target, 40)}`,
    detail: new Date(e.at).toLocaleString(),
    e,
  }));
  return (await choose(items, { title, matchOnDescription: true }))?.e;
}

/** "Gearman: Serve Function Locally": a worker in the language server that echoes or runs a command. */
export async function serveLocally(ctx: Ctx, arg: unknown): Promise<void> {
  const node = arg as { kind?: string; server?: { snapshot?: ServerSnapshot }; info?: { name?: string } } | undefined;
  let server = node?.kind === 'function' ? node.server?.snapshot : undefined;
  // A worker takes real jobs off the queue: blocked (untrusted) and read-only servers are not offered.
  const servers = ctx.store.list().filter((s) => s.health !== 'blocked' && !s.readOnly);
  if (!server) {
    if (!servers.length) {
      const why = ctx.store.list().some((s) => s.readOnly)
        ? 'the configured servers are read-only or not trusted'
        : 'no usable server is configured';
      void vscode.window.showErrorMessage(`Gearman: cannot serve a function locally: ${why}.`);
      return;
    }
    server =
      servers.length === 1
        ? servers[0]
        : (
            await choose(
              servers.map((s) => ({ label: inert(s.name), description: s.id, s })),
              { title: 'Serve locally: server' },
            )
          )?.s;
  }
  if (!server) return;
  const fn = await askText({
    title: 'Serve locally: function name',
    value: node?.info?.name ?? '',
    prompt: `Registered on ${server.name} by a worker inside this editor`,
    validateInput: (v) => (v.trim() ? undefined : 'Enter a function name'),
  });
  if (!fn) return;
  const how = await choose(
    [
      { label: 'Echo the payload', id: 'echo' },
      {
        label: 'Run a shell command…',
        id: 'command',
        description: 'the payload on stdin, stdout is the result (like gearman -w)',
      },
    ],
    { title: `Serve ${fn} locally: how` },
  );
  if (!how) return;
  let mode: 'echo' | { command: string } = 'echo';
  if (how.id === 'command') {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        'Gearman: shell commands for local workers run only in a trusted workspace. Trust it first (Workspaces: Manage Workspace Trust), or use echo.',
      );
      return;
    }
    const command = await askText({
      title: `Serve ${fn} locally: shell command`,
      placeHolder: 'wc -l',
      prompt: 'Runs once per job in the workspace folder',
    });
    if (!command?.trim()) return;
    mode = { command };
  }
  try {
    await jobHub(ctx).execute<LocalWorkerInfo>('gearman.server.serveLocally', {
      serverId: server.id,
      function: fn.trim(),
      mode,
    });
    void vscode.window.showInformationMessage(
      `Gearman: serving ${fn} on ${server.name} from this editor. Stop it from the Jobs view; it stops when the window closes.`,
    );
  } catch (e) {
    void vscode.window.showErrorMessage(`Gearman: ${message(e)}`);
  }
}

/** Stops a local worker (from its row, or picked from a list). */
export async function stopLocalWorker(ctx: Ctx, arg: unknown): Promise<void> {
  const hub = jobHub(ctx);
  const n = arg as JobsNode | undefined;
  let info = n?.kind === 'worker' ? n.info : undefined;
  if (!info) {
    if (!hub.localWorkers.length) {
      void vscode.window.showInformationMessage('Gearman: no local worker is running.');
      return;
    }
    info = (
      await choose(
        hub.localWorkers.map((w) => ({
          label: inert(w.function),
          description: `${w.serverId} · ${inert(w.mode, 40)}`,
          w,
        })),
        { title: 'Stop local worker' },
      )
    )?.w;
  }
  if (info) await hub.execute('gearman.server.stopLocalWorker', { id: info.id });
}
