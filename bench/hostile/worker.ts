// The hostile worker of the hostile-input benchmark, in its own process: `flood` sends
// FLOOD WORK_DATA packets (the adversarial suite's chunks), `big` answers PAYLOAD MiB.
//   node worker.js <gearmand port> <flood packets>
import { GearmanWorker } from '../../server/src/gearman/worker';
import { flood } from '../../test/adversarial/support/hostile';

const [port, packets] = process.argv.slice(2).map(Number);
const worker = new GearmanWorker({ host: '127.0.0.1', port });
worker.register('flood', async (job) => {
  await flood(job, packets);
  return 'flood done';
});
worker.register('big', (job) => Buffer.alloc(Number(job.payload.toString()) * 1024 * 1024, 0x42));
void worker.start().then(() => process.send?.('ready'));
