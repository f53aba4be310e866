// CPU time and memory of a process from /proc (Linux). VmHWM is the peak RSS of the process's
// own memory: unlike getrusage's maxrss, it does not carry over the parent's peak across exec.
import { readFileSync } from 'node:fs';

/** CPU time (ms) and memory (MiB) of a process, from /proc. */
export function procStats(pid: number): { cpuMs: number; rssMiB: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { cpuMs, rssMiB: kb('VmRSS') / 1024, peakRssMiB: kb('VmHWM') / 1024 };
}
