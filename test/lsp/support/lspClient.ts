// Starts the built language server (dist/server.js --stdio) and talks JSON-RPC to it,
// as any LSP editor would.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification,
  ConfigurationRequest, DidChangeConfigurationNotification, RegistrationRequest, ResponseError, ErrorCodes,
  type ClientCapabilities, type MessageConnection, type InitializeResult, type NotificationType,
} from 'vscode-languageserver-protocol/node';

export const SERVER_JS = resolve(__dirname, '../../../dist/server.js');

/** A running server and the connection to it. */
export interface LspSession {
  conn: MessageConnection;
  proc: ChildProcess;
  init: InitializeResult;
  /** Current settings answered to workspace/configuration (section `gearman`). */
  settings: Record<string, unknown>;
  /** Changes settings and tells the server. */
  setSettings(s: Record<string, unknown>): Promise<void>;
  /**
   * Resolves with the first notification of `type` since the session started that satisfies `pred`:
   * for a state that only has to have been reached once. To wait for the effect of an action, take a
   * mark() before the action and wait on the mark.
   */
  waitFor<P>(type: NotificationType<P>, pred: (p: P) => boolean, timeoutMs?: number, what?: string): Promise<P>;
  /** A point in the stream of notifications: the mark only sees what arrives after it was taken. */
  mark(): Mark;
  stderr(): string;
  /** Every notification of `type` received so far, in order. */
  received<P>(type: NotificationType<P>): P[];
  close(): Promise<void>;
}

/** What the test client declares by default: a capable editor (not this extension's client). */
const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
  textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix'] } } } },
};

/** Options of startLsp. */
export interface StartOptions {
  initializationOptions?: unknown;
  /** false: declare no capabilities at all, settings come from initializationOptions. */
  pullConfig?: boolean;
  rootUri?: string;
  /** Replaces the declared client capabilities (another editor's, say). */
  capabilities?: ClientCapabilities;
  /** Hears every request the server sends to the client, answered or not. */
  onServerRequest?: (method: string, params: unknown) => void;
}

/** Notifications after a point in time (see LspSession.mark). */
export interface Mark {
  /** Resolves with the first notification of `type` after the mark that satisfies `pred`. */
  waitFor<P>(type: NotificationType<P>, pred: (p: P) => boolean, timeoutMs?: number, what?: string): Promise<P>;
  /** Every notification of `type` received after the mark, in order. */
  received<P>(type: NotificationType<P>): P[];
}

/** Spawns the server over stdio and runs initialize/initialized. */
export async function startLsp(settings: Record<string, unknown>, opts: StartOptions = {}): Promise<LspSession> {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const pull = opts.pullConfig ?? true;
  const session: Partial<LspSession> = { settings };
  const waiters = new Set<{ method: string; check: (p: unknown) => boolean }>();
  const seen: { method: string; params: unknown }[] = [];
  conn.onNotification((method, params) => {
    seen.push({ method, params });
    for (const w of [...waiters]) if (w.method === method && w.check(params)) waiters.delete(w);
  });
  const receivedAfter = <P>(from: number, type: NotificationType<P>): P[] => seen.slice(from).filter((s) => s.method === type.method).map((s) => s.params as P);
  const waitAfter = <P>(from: number, type: NotificationType<P>, pred: (p: P) => boolean, timeoutMs = 20_000, what = type.method) => new Promise<P>((res, rej) => {
    for (const p of receivedAfter(from, type)) if (pred(p)) return res(p);
    const w = { method: type.method, check: (p: unknown) => { if (!pred(p as P)) return false; clearTimeout(t); res(p as P); return true; } };
    const t = setTimeout(() => { waiters.delete(w); rej(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server stderr: ${err.slice(-2000)}`)); }, timeoutMs);
    waiters.add(w);
  });
  const heard = (method: string, params: unknown) => opts.onServerRequest?.(method, params);
  conn.onRequest(ConfigurationRequest.type, (p) => {
    heard(ConfigurationRequest.method, p);
    return p.items.map((i) => (i.section === 'gearman' ? session.settings : null));
  });
  conn.onRequest(RegistrationRequest.type, (p) => { heard(RegistrationRequest.method, p); });
  conn.onRequest('window/workDoneProgress/create', (p: unknown) => { heard('window/workDoneProgress/create', p); return null; });
  // Anything else is unknown to this client, as to an editor that does not implement it.
  conn.onRequest((method: string, params: unknown) => {
    heard(method, params);
    return new ResponseError(ErrorCodes.MethodNotFound, `the test client does not handle ${method}`);
  });
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: opts.rootUri ?? null,
    capabilities: opts.capabilities ?? (pull ? DEFAULT_CAPABILITIES : {}),
    initializationOptions: opts.initializationOptions,
    workspaceFolders: opts.rootUri ? [{ uri: opts.rootUri, name: 'ws' }] : null,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  Object.assign(session, {
    conn, proc, init,
    async setSettings(s: Record<string, unknown>) {
      session.settings = s;
      await conn.sendNotification(DidChangeConfigurationNotification.type, { settings: pull ? null : { gearman: s } });
    },
    waitFor: <P>(type: NotificationType<P>, pred: (p: P) => boolean, timeoutMs?: number, what?: string) => waitAfter(0, type, pred, timeoutMs, what),
    mark(): Mark {
      const from = seen.length;
      return {
        waitFor: (type, pred, timeoutMs, what) => waitAfter(from, type, pred, timeoutMs, what),
        received: (type) => receivedAfter(from, type),
      };
    },
    stderr: () => err,
    received: <P>(type: NotificationType<P>) => receivedAfter(0, type),
    async close() {
      try {
        await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification(ExitNotification.type);
      } catch { /* the server may already be gone */ }
      const exited = proc.exitCode !== null ? Promise.resolve() : new Promise((r) => proc.once('exit', r));
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
      conn.dispose();
    },
  });
  return session as LspSession;
}
