// The job features: submitting (palette, job-file blocks, other editors), watching, saving
// output and local workers, sharing one runner, one event outbox and one output store.
import type { Feature } from '../../context';
import { jobEvents } from '../../protocol';
import { registerBlockSubmit } from './blockSubmit';
import { registerLocalWorkers } from './localWorker';
import { JobOutbox } from './outbox';
import { JobOutputs } from './output';
import { JobRunner } from './runner';
import { registerSubmit } from './submit';

export { jobFileFeature } from './jobFile';

/** Registers the job commands and requests. */
export const jobsFeature: Feature = (ctx) => {
  const outputs = new JobOutputs(() => ctx.settings().limits.maxOutputBytes);
  const outbox = new JobOutbox((events) => void ctx.connection.sendNotification(jobEvents, { events }));
  const runner = new JobRunner({
    resolve: (spec, opts) => ctx.servers.resolve(spec, opts),
    limits: () => ctx.settings().limits,
    outbox,
    outputs,
    log: ctx.log,
  });
  registerSubmit(ctx, runner, outputs);
  registerBlockSubmit(ctx, runner);
  registerLocalWorkers(ctx);
  ctx.onShutdown(() => {
    runner.dispose();
    outbox.dispose();
    outputs.dispose();
  });
};
