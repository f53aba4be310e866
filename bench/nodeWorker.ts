// The library's own echo worker for the benchmark's second row: one process with
// `concurrency` connections, each answering a job with its payload.
//   node nodeWorker.js HOST PORT FUNCTION CONCURRENCY
import { GearmanWorker } from '../server/src/gearman/worker';

async function main(): Promise<void> {
  const [host, port, fn, concurrency] = process.argv.slice(2);
  const worker = new GearmanWorker({ host, port: Number(port) }, { concurrency: Number(concurrency) });
  worker.register(fn, (job) => job.payload);
  await worker.start();
  const stop = () => {
    void worker.stop(1000).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(`nodeWorker: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
