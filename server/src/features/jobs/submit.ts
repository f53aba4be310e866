// Job commands over LSP: gearman.server.submitJob, gearman.server.watchJob, and the
// gearman/cancelJob and gearman/saveJobOutput requests. Events go out as batched
// gearman/jobEvents notifications, and as standard $/progress when the caller passes a workDoneToken.
import { isAbsolute } from 'node:path';
import type { ServerContext } from '../../context';
import { cancelJob, saveJobOutput } from '../../protocol';
import type { JobOutputs } from './output';
import { parseSubmitParams, parseWatchParams } from './params';
import type { JobRunner, ProgressSink } from './runner';

/** Standard work-done progress on the caller's token, or nothing without one. */
export function progressFor(ctx: ServerContext, token: string | number | undefined): ProgressSink | undefined {
  if (token === undefined) return undefined;
  const reporter = ctx.connection.window.attachWorkDoneProgress(token);
  return {
    begin: (title, percentage, message) => reporter.begin(title, percentage, message, false),
    report: (percentage, message) =>
      percentage === undefined ? reporter.report(message) : reporter.report(percentage, message),
    done: () => reporter.done(),
  };
}

/** Registers the job commands and requests. */
export function registerSubmit(ctx: ServerContext, runner: JobRunner, outputs: JobOutputs): void {
  ctx.addCommand('gearman.server.submitJob', (args) => {
    const p = parseSubmitParams(args[0]);
    return runner.submit(p, progressFor(ctx, p.workDoneToken));
  });
  ctx.addCommand('gearman.server.watchJob', async (args) => {
    await runner.watch(parseWatchParams(args[0]));
    return { watching: true };
  });
  ctx.connection.onRequest(cancelJob, (p) => ({ cancelled: runner.cancel(p.jobId) }));
  ctx.connection.onRequest(saveJobOutput, async (p) => {
    if (
      typeof p?.jobId !== 'string' ||
      !['data', 'warnings', 'result'].includes(p.part) ||
      typeof p.path !== 'string' ||
      !isAbsolute(p.path)
    ) {
      throw new Error(
        'gearman/saveJobOutput needs { jobId, part: "data" | "warnings" | "result", path: an absolute file path }',
      );
    }
    return outputs.save(p.jobId, p.part, p.path);
  });
}
