// The floor of the hostile-input benchmark: the library's own client, with no editor in
// between, receiving the same flood or result. Prints one JSON line: ms, cpuMs, peakRssMiB.
//   node floor.js <gearmand port> flood|big [MiB]
import { GearmanClient } from '../../server/src/gearman/client';
import { procStats } from './proc';

async function main(): Promise<void> {
  const [port, what, mib] = process.argv.slice(2);
  const client = new GearmanClient({ host: '127.0.0.1', port: Number(port) }, { maxPacketSize: 1024 * 1024 * 1024 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let packets = 0;
  let bytes = 0;
  const job = client.submit(what, Buffer.from(what === 'big' ? mib : ''));
  job.on('data', (d) => {
    packets++;
    bytes += d.length;
  });
  const o = await job.result;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  client.close();
  const size = o.status === 'complete' ? o.data.length : 0;
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: procStats(process.pid).peakRssMiB, packets, bytes, resultBytes: size })}\n`,
  );
}

void main();
