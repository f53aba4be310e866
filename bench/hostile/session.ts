// A language server under measurement: spawned over stdio with its settings in
// initializationOptions (so this tree's server and the one before the bound start alike),
// its job notifications counted and written to a JSONL file as they arrive (not kept in
// memory). Its CPU time and peak RSS are read from /proc (proc.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  ExecuteCommandRequest,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';

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
export async function startMeasured(
  serverJs: string,
  settings: Record<string, unknown>,
  jobMethod: string,
  record?: string,
): Promise<Measured> {
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const out: WriteStream | undefined = record ? createWriteStream(record) : undefined;
  let markUp: () => void = () => undefined;
  const m: Measured = {
    proc,
    conn,
    notifications: 0,
    notificationBytes: 0,
    up: new Promise<void>((r) => {
      markUp = r;
    }),
    submit: (args) =>
      conn.sendRequest(ExecuteCommandRequest.type, { command: 'gearman.server.submitJob', arguments: [args] }),
    async close() {
      await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]).catch(
        () => undefined,
      );
      await conn.sendNotification(ExitNotification.type).catch(() => undefined);
      if (proc.exitCode === null)
        await new Promise((r) => {
          proc.once('exit', r);
          setTimeout(() => {
            proc.kill('SIGKILL');
          }, 3000);
        });
      conn.dispose();
      if (out) await new Promise((r) => out.end(r));
    },
  };
  conn.onNotification((method, params) => {
    if (
      method === 'gearman/registryChanged' &&
      (params as { changed?: { health?: string }[] }).changed?.some((s) => s.health === 'up')
    )
      markUp();
    if (method !== jobMethod) return;
    const line = JSON.stringify(params);
    m.notifications++;
    m.notificationBytes += line.length;
    out?.write(`${line}\n`);
  });
  conn.onRequest(() => null);
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: { gearman: settings },
    workspaceFolders: null,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return m;
}
