// Reference only: the least a Node client can do for the same round trips (one socket,
// hand-made SUBMIT_JOB packets, no job objects, no checks). It shows how much of the
// gap to libgearman is Node itself rather than the library. Same output as nodeClient.
//   node rawNodeClient.js HOST PORT FUNCTION rtt N K SIZE
import { connect, type Socket } from 'node:net';

const JOB_CREATED = 8;
const WORK_COMPLETE = 13;

function submitPacket(fn: string, payload: Buffer): Buffer {
  const name = Buffer.from(fn);
  const head = Buffer.alloc(12 + name.length + 2);
  head.writeUInt32BE(0x00524551, 0);
  head.writeUInt32BE(7, 4); // SUBMIT_JOB
  head.writeUInt32BE(name.length + 2 + payload.length, 8);
  name.copy(head, 12);
  return Buffer.concat([head, payload]);
}

/** Runs `n` jobs keeping `k` in flight; resolves when all completed. */
function run(sock: Socket, packet: Buffer, n: number, k: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    let buf: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let more = 0;
      while (buf.length >= 12) {
        const size = buf.readUInt32BE(8);
        if (buf.length < 12 + size) break;
        const type = buf.readUInt32BE(4);
        buf = buf.subarray(12 + size);
        if (type === WORK_COMPLETE) {
          done++;
          if (sent < n) {
            sent++;
            more++;
          }
        } else if (type !== JOB_CREATED) {
          reject(new Error(`unexpected packet type ${type}`));
        }
      }
      if (more) sock.write(more === 1 ? packet : Buffer.concat(Array.from({ length: more }, () => packet)));
      if (done === n) {
        sock.off('data', onData);
        resolve();
      }
    };
    sock.on('data', onData);
    sent = Math.min(k, n);
    sock.write(Buffer.concat(Array.from({ length: sent }, () => packet)));
  });
}

async function main(): Promise<void> {
  const [host, port, fn, , ...rest] = process.argv.slice(2);
  const [n, k, size] = rest.map(Number);
  const sock = connect({ host, port: Number(port), noDelay: true });
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  const packet = submitPacket(fn, Buffer.alloc(size, 'x'));
  await run(sock, packet, Math.min(3000, Math.floor(n / 5)), k); // warm-up, as in nodeClient
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await run(sock, packet, n, k);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      side: 'raw-node',
      scenario: 'rtt',
      jobs: n,
      inFlight: k,
      bytes: size,
      seconds,
      jobsPerSec: n / seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssKiB: process.resourceUsage().maxRSS,
    }),
  );
  sock.destroy();
}

main().catch((e: unknown) => {
  console.error(`rawNodeClient: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
