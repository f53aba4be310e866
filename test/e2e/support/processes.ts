// Small process and polling helpers shared by the e2e support modules.
import { readdirSync, readFileSync } from 'node:fs';

/** Polls `probe` until it returns a truthy value (returned) or the deadline passes; errors thrown by probe end the wait at once. */
export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  intervalMs = 200,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Pids of live processes whose environment has NAME=value (Linux /proc). */
export function processesMarked(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(needle)) pids.push(pid);
    } catch {
      /* gone or not ours */
    }
  }
  return pids;
}

/** Kills (SIGKILL) every process carrying the marker, so nothing a test started outlives it. */
export async function killProcessesMarked(name: string, value: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const pids = processesMarked(name, value);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
