// Our side of the benchmark, run in its own child process so its peak RSS is only the
// benchmark's. Prints one JSON line, the same shape as bench/c/client.c.
//   node nodeClient.js HOST PORT FUNCTION rtt N K SIZE
//   node nodeClient.js HOST PORT FUNCTION big SIZE
import { GearmanClient } from '../server/src/gearman/client';

/** Runs `n` foreground jobs, keeping `k` in flight (a new one starts as each ends). */
async function run(client: GearmanClient, fn: string, payload: Buffer, n: number, k: number): Promise<void> {
  let started = 0;
  const lane = async (): Promise<void> => {
    while (started < n) {
      started++;
      const out = await client.submit(fn, payload).result;
      if (out.status !== 'complete' || out.data.length !== payload.length) {
        throw new Error(
          `echo job ended with ${out.status} and ${'data' in out ? out.data.length : 0} bytes, sent ${payload.length}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(k, n) }, lane));
}

/** User + system CPU seconds since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

function maxRssKiB(): number {
  return process.resourceUsage().maxRSS;
}

async function main(): Promise<void> {
  const [host, port, fn, scenario, ...rest] = process.argv.slice(2);
  const client = new GearmanClient({ host, port: Number(port) }, { requestTimeoutMs: 600_000 });
  try {
    if (scenario === 'big') {
      const size = Number(rest[0]);
      const payload = Buffer.allocUnsafe(size);
      for (let i = 0; i < size; i++) payload[i] = (i * 31) & 0xff;
      // Timed from before the first request, which connects: bench/c/client.c times its first send, which connects, the same way.
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await run(client, fn, payload, 1, 1);
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        JSON.stringify({
          side: 'node',
          scenario,
          bytes: size,
          seconds,
          cpuSeconds: cpuSince(c0),
          maxRssKiB: maxRssKiB(),
        }),
      );
      return;
    }
    const [n, k, size] = rest.map(Number);
    const payload = Buffer.alloc(size, 'x');
    // Warm-up, not timed (it connects, as the C client's warm-up does): long enough for V8 to optimise the hot path.
    await run(client, fn, payload, Math.min(3000, Math.floor(n / 5)), k);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await run(client, fn, payload, n, k);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        side: 'node',
        scenario,
        jobs: n,
        inFlight: k,
        bytes: size,
        seconds,
        jobsPerSec: n / seconds,
        cpuSeconds: cpuSince(c0),
        maxRssKiB: maxRssKiB(),
      }),
    );
  } finally {
    client.close();
  }
}

main().catch((e: unknown) => {
  console.error(`nodeClient: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
