// A language server under measurement: spawned over stdio with its settings in
// initializationOptions (so this tree's server and the one before the bound start alike),
// its job notifications counted and written to a JSONL file as they arrive (not kept in
// memory), and its CPU time and peak RSS read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter, ExecuteCommandRequest,
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification, type MessageConnection,
} from 'vscode-languageserver-protocol/node';

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

/** A running server, counting the notifications of `method` it sends. */
export interface Measured {
  proc: ChildProcess;
  conn: MessageConnection;
  /** Notifications of the job method so far, and their JSON size. */
  notifications: number;
  notificationBytes: number;
  submit(args: Record<string, unknown>): Promise<unknown>;
  /** Resolves when a registryChanged notification says a server is up. */
  up: Promise<void>;
  close(): Promise<void>;
}

/** Spawns `serverJs`, records `jobMethod` notifications to `record` (if given), and initializes with `settings`. */
export async function startMeasured(serverJs: string, settings: Record<string, unknown>, jobMethod: string, record?: string): Promise<Measured> {
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const out: WriteStream | undefined = record ? createWriteStream(record) : undefined;
  let markUp: () => void = () => undefined;
  const m: Measured = {
    proc, conn, notifications: 0, notificationBytes: 0,
    up: new Promise<void>((r) => { markUp = r; }),
    submit: (args) => conn.sendRequest(ExecuteCommandRequest.type, { command: 'gearman.server.submitJob', arguments: [args] }),
    async close() {
      await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]).catch(() => undefined);
      await conn.sendNotification(ExitNotification.type).catch(() => undefined);
      if (proc.exitCode === null) await new Promise((r) => { proc.once('exit', r); setTimeout(() => { proc.kill('SIGKILL'); }, 3000); });
      conn.dispose();
      if (out) await new Promise((r) => out.end(r));
    },
  };
  conn.onNotification((method, params) => {
    if (method === 'gearman/registryChanged' && (params as { changed?: { health?: string }[] }).changed?.some((s) => s.health === 'up')) markUp();
    if (method !== jobMethod) return;
    const line = JSON.stringify(params);
    m.notifications++;
    m.notificationBytes += line.length;
    out?.write(`${line}\n`);
  });
  conn.onRequest(() => null);
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { gearman: settings }, workspaceFolders: null });
  await conn.sendNotification(InitializedNotification.type, {});
  return m;
}
