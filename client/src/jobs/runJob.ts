// Submits a request through the language server and shows it: a result panel, a progress
// notification with a real percentage and Cancel (foreground), or the handle (background).
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { JobResult, SubmitBlockResult } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { ResultPanel } from '../panels/resultPanel';
import { jobHub } from '.';
import { coalescedNote, groupByHandle } from './coalesce';
import { describeJob, percent, type JobRequest, type JobState } from './jobState';

/** Jobs of one repeated submission in flight at once. */
const PARALLEL = 10;
const CANCEL_NOTE = 'Cancel stops waiting; a running job cannot be killed.';

/** Submits `request` (repeat times), shows the first job's panel, records it in the history. */
export async function runJob(ctx: Ctx, request: JobRequest, target: string, repeat = 1): Promise<JobState | undefined> {
  if (request.payload === undefined && request.payloadFile === undefined) {
    void vscode.window.showErrorMessage(
      `Gearman: the payload of this ${request.function} job (${request.payloadSize ?? '?'} bytes) was too large to keep, so it cannot be run again from here. Submit its job file block again.`,
    );
    return undefined;
  }
  const hub = jobHub(ctx);
  const base = randomUUID();
  const ids = Array.from({ length: Math.max(1, repeat) }, (_, i) => (i === 0 ? base : `${base}.${i}`));
  for (const id of ids) hub.track(id, request, target);
  ResultPanel.show(ctx, base);
  const submitOne = (id: string) =>
    hub.execute<JobResult>('gearman.server.submitJob', { ...request, jobId: id }).catch(() => undefined);
  const runAll = async () => {
    let next = 0;
    const lane = async () => {
      while (next < ids.length) await submitOne(ids[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, lane));
  };

  if (request.background || request.epoch !== undefined) await runAll();
  else await withProgress(ctx, request.function, target, ids, runAll);

  const first = hub.get(base);
  if (!first) return undefined;
  await hub.history.add(first, ids.length);
  report(
    ctx,
    first,
    ids.map((id) => hub.get(id)).filter((s): s is JobState => !!s),
  );
  // Checks the walkthrough's "Submit" step (onContext): once a job ran, not when the command
  // starts, which would move the walkthrough's focus on and close the open quick pick.
  void vscode.commands.executeCommand('setContext', 'gearman.jobSubmitted', true);
  return first;
}

/**
 * Submits the `.gearman` block holding `line` through the server, which reads the block and its
 * file, asks what the job-file rules say to ask, and submits it (repeat times); the jobs show as
 * their events arrive.
 */
export async function runBlock(ctx: Ctx, uri: string, line: number, repeat?: number): Promise<void> {
  const hub = jobHub(ctx);
  const base = randomUUID();
  hub.track(base, { function: 'job file block', payloadSize: 0 }, 'job file');
  ResultPanel.show(ctx, base);
  let result: SubmitBlockResult | undefined;
  const ids = () =>
    hub
      .all()
      .map((s) => s.jobId)
      .filter((id) => id === base || id.startsWith(`${base}.`));
  await withProgress(ctx, 'job file block', 'its server', ids, async () => {
    try {
      result = await hub.execute<SubmitBlockResult>('gearman.server.submitJobBlock', {
        uri,
        line,
        repeat,
        jobId: base,
      });
    } catch (e) {
      hub.failLocally(base, e instanceof Error ? e.message : String(e));
    }
  });
  const first = hub.get(base);
  if (!first) return;
  await hub.history.add(first, result?.jobIds.length ?? 1);
  report(
    ctx,
    first,
    ids()
      .map((id) => hub.get(id))
      .filter((s): s is JobState => !!s),
  );
}

async function withProgress(
  ctx: Ctx,
  fn: string,
  target: string,
  jobIds: string[] | (() => string[]),
  run: () => Promise<void>,
): Promise<void> {
  const hub = jobHub(ctx);
  const idsNow = () => (typeof jobIds === 'function' ? jobIds() : jobIds);
  const many = idsNow().length > 1;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      cancellable: true,
      title: `Gearman: ${fn}${many ? ` ×${idsNow().length}` : ''} on ${target}`,
    },
    async (progress, token) => {
      progress.report({ message: `submitting… ${CANCEL_NOTE}` });
      let shown = 0;
      const sub = hub.onDidChangeJob((s) => {
        const ids = idsNow();
        if (!ids.includes(s.jobId)) return;
        const states = ids.map((id) => hub.get(id)).filter((x): x is JobState => !!x);
        const done = states.filter((x) => x.phase !== 'submitting' && x.phase !== 'waiting').length;
        const several = ids.length > 1;
        const pct = several ? Math.round((done / ids.length) * 100) : percent(s.progress);
        const message = several ? `${done} of ${ids.length} done. ${CANCEL_NOTE}` : `${describeJob(s)}. ${CANCEL_NOTE}`;
        if (pct !== undefined && pct > shown) {
          progress.report({ increment: pct - shown, message });
          shown = pct;
        } else progress.report({ message });
      });
      const cancel = token.onCancellationRequested(() => {
        for (const id of idsNow()) void hub.cancel(id);
      });
      try {
        await run();
      } finally {
        sub.dispose();
        cancel.dispose();
      }
    },
  );
}

function report(ctx: Ctx, first: JobState, all: JobState[]): void {
  const hub = jobHub(ctx);
  const fn = first.request.function;
  if (all.length > 1) {
    const counts = new Map<string, number>();
    for (const s of all) counts.set(s.phase, (counts.get(s.phase) ?? 0) + 1);
    const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
    const groups = groupByHandle(all);
    const one =
      groups.length === 1 && first.handle
        ? ` ${coalescedNote(all.length, first)}`
        : groups.length < all.length
          ? ` gearmand made ${groups.length} jobs of them (submits with one unique id share a job).`
          : '';
    void vscode.window.showInformationMessage(
      `Gearman: ${fn} ×${all.length}: ${summary}.${one} The panel shows the first job.`,
    );
    return;
  }
  switch (first.phase) {
    case 'queued': {
      const where = first.server ?? first.target;
      void vscode.window
        .showInformationMessage(
          `Gearman: ${fn} was queued on ${where} as ${first.handle ?? '?'}.`,
          'Watch Status',
          'Copy Handle',
        )
        .then(async (pick) => {
          if (pick === 'Watch Status') await hub.watch(first.jobId);
          if (pick === 'Copy Handle' && first.handle) await vscode.env.clipboard.writeText(first.handle);
        });
      return;
    }
    case 'cancelled':
      void vscode.window.showInformationMessage(
        `Gearman: stopped waiting for ${fn}. The job itself was not stopped: Gearman cannot kill a running job, so it finishes on its worker.`,
      );
      return;
    case 'error':
      void vscode.window.showErrorMessage(`Gearman: ${fn} was not run: ${first.message ?? 'unknown error'}`);
      return;
    default:
      ctx.log.info(`Job ${fn} on ${first.server ?? first.target}: ${describeJob(first)}`);
  }
}

/** Opens an untitled `.gearman` document holding the request as a block (the server writes the block). */
export async function openAsBlock(ctx: Ctx, request: JobRequest, title?: string): Promise<void> {
  if (request.payload === undefined) {
    void vscode.window.showErrorMessage(
      `Gearman: the payload of this ${request.function} job was too large to keep, so it cannot be written as a block.`,
    );
    return;
  }
  const text = await jobHub(ctx).execute<string>('gearman.server.requestAsBlock', { request, title });
  const doc = await vscode.workspace.openTextDocument({ language: 'gearman', content: text });
  await vscode.window.showTextDocument(doc);
}
