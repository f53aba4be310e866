// A process holding many library workers (one connection each) for the registry benchmark.
// argv: port count firstIndex functions
import { GearmanWorker } from '../../server/src/gearman/worker';

const [port, count, first, functions] = process.argv.slice(2).map(Number);

async function main(): Promise<void> {
  const workers: GearmanWorker[] = [];
  for (let i = 0; i < count; i++) {
    const w = new GearmanWorker({ host: '127.0.0.1', port }, { clientId: `bench-${first + i}` });
    // Each worker registers two functions, so every function has workers spread over processes.
    const n = first + i;
    w.register(`fn_${String(n % functions).padStart(5, '0')}`, () => '').register(
      `fn_${String((n * 7 + 3) % functions).padStart(5, '0')}`,
      () => '',
    );
    workers.push(w);
  }
  await Promise.all(workers.map((w) => w.start()));
  process.send?.('ready');
}

void main();
