// Sample workers for the demo and the end-to-end tests, built on the project's own
// Gearman worker: `node dist/sample-workers.js --port 4730`.
// resize_image streams progress and data; flaky_job fails; risky_job throws (an exception).
import { GearmanWorker } from '../../server/src/gearman/worker';

const port = Number(argValue('--port') ?? 4730);
const host = argValue('--host') ?? '127.0.0.1';

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const worker = new GearmanWorker({ host, port }, { clientId: 'sample-workers', concurrency: 2 });
worker
  .register('resize_image', async (job) => {
    const steps = 4;
    for (let i = 1; i <= steps; i++) {
      await sleep(250);
      job.status(i, steps);
      job.data(`step ${i}/${steps}: resized ${job.payload.length} bytes\n`);
    }
    job.warning('image had no colour profile; assumed sRGB');
    return JSON.stringify({ ok: true, bytes: job.payload.length, steps });
  })
  .register('flaky_job', (job) => job.fail())
  .register('risky_job', () => {
    throw new Error('risky_job refused the payload');
  })
  .register('to_upper', (job) => job.payload.toString('utf8').toUpperCase());

worker.on('connected', (s) => console.log(`sample workers connected to ${s}`));
worker.on('reconnecting', (e) => console.log(`sample workers: ${e.error.message}; retrying in ${e.delayMs} ms`));
void worker.start();
const stop = () => void worker.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
