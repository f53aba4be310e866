// Job commands over LSP: gearman.server.submitJob, gearman.server.watchJob and the
// gearman/cancelJob request. Events go out as gearman/jobEvent notifications, and as
// standard $/progress when the caller passes a workDoneToken.
import type { ServerContext, Feature } from '../context';
import { cancelJob, jobEvent } from '../protocol';
import { JobRunner, type ProgressSink } from './jobs';
import { parseSubmitParams, parseWatchParams } from './jobParams';
import { serverConfigs } from './jobTargets';

const runners = new WeakMap<ServerContext, JobRunner>();

/** The context's job runner (one per server), created on first use. */
export function jobRunner(ctx: ServerContext): JobRunner {
  let r = runners.get(ctx);
  if (!r) {
    r = new JobRunner(() => serverConfigs(ctx.settings()), (e) => void ctx.connection.sendNotification(jobEvent, e), ctx.log);
    runners.set(ctx, r);
  }
  return r;
}

/** Standard work-done progress on the caller's token, or nothing without one. */
export function progressFor(ctx: ServerContext, token: string | number | undefined): ProgressSink | undefined {
  if (token === undefined) return undefined;
  const reporter = ctx.connection.window.attachWorkDoneProgress(token);
  return {
    begin: (title, percentage, message) => reporter.begin(title, percentage, message, false),
    report: (percentage, message) => (percentage === undefined ? reporter.report(message) : reporter.report(percentage, message)),
    done: () => reporter.done(),
  };
}

/** Registers the job commands. */
export const submitFeature: Feature = (ctx) => {
  const runner = jobRunner(ctx);
  ctx.addCommand('gearman.server.submitJob', (args) => {
    const p = parseSubmitParams(args[0]);
    return runner.submit(p, progressFor(ctx, p.workDoneToken));
  });
  ctx.addCommand('gearman.server.watchJob', (args) => {
    const p = parseWatchParams(args[0]);
    runner.watch(p);
    return { watching: true };
  });
  ctx.connection.onRequest(cancelJob, (p) => ({ cancelled: runner.cancel(p.jobId) }));
  ctx.onShutdown(() => runner.dispose());
};
