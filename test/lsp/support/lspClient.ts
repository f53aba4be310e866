// Talks JSON-RPC to the language server as any LSP editor would: to the built server
// (dist/server.js --stdio, a real process) or to the server's sources started in this process
// over a pair of streams (no bundle needed). GEARMAN_LSP_TRANSPORT picks startLsp's transport
// (the vitest projects set it); tests that need a real process use startLspProcess.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  RegistrationRequest,
  ResponseError,
  ErrorCodes,
  NotificationType,
  type ClientCapabilities,
  type MessageConnection,
  type InitializeResult,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver-protocol/node';
import {
  getRegistry,
  registryChanged,
  RegistryMirror,
  SEAL_KEY_ENV,
  type ServerSnapshot,
} from '../../../server/src/protocol';

export const SERVER_JS = resolve(__dirname, '../../../dist/server.js');

/**
 * Not sent by the server: recorded by this client after each gearman/registryChanged, once the
 * delta is applied to its RegistryMirror (as the extension's store does): the whole snapshots
 * of the servers that changed. Tests wait on it for "a server reached this state".
 */
export const serversChanged = new NotificationType<{ changed: ServerSnapshot[]; removed: string[] }>(
  'test/serversChanged',
);

/** A running server and the connection to it. */
export interface LspSession {
  conn: MessageConnection;
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
  /** The server process's stderr (in-process, the server's errors reach this process's own). */
  stderr(): string;
  /** Every notification of `type` received so far, in order. */
  received<P>(type: NotificationType<P>): P[];
  /** The registry as this client mirrors it from the server's deltas. */
  servers(): ServerSnapshot[];
  /** How many times a delta did not apply and the whole registry was fetched again. */
  resyncs(): number;
  close(): Promise<void>;
}

/** What the test client declares by default: a capable editor (not this extension's client). */
const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
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
  /** Another build of the server (a benchmark's "before"), over stdio; its registry shape is not mirrored. */
  serverJs?: string;
}

/** A session with the server in a process of its own (dist/server.js or `serverJs`). */
export interface LspProcess extends LspSession {
  proc: ChildProcess;
}

/** How the test client reaches the server. */
export type Transport = 'stdio' | 'in-process';

/** The transport of startLsp: GEARMAN_LSP_TRANSPORT, stdio when unset (the benchmarks measure the process). */
export function defaultTransport(): Transport {
  const t = process.env.GEARMAN_LSP_TRANSPORT ?? 'stdio';
  if (t !== 'stdio' && t !== 'in-process')
    throw new Error(`GEARMAN_LSP_TRANSPORT is ${JSON.stringify(t)}: use 'stdio' or 'in-process'`);
  return t;
}

/** The two ends of a transport, as seen by the test client. */
interface Wire {
  reader: MessageReader;
  writer: MessageWriter;
  stderr(): string;
  /** Rejects when the server process exits (never, in-process). */
  exited: Promise<never>;
  /** Sent as processId at initialize. */
  processId: number | null;
  /** Ends the server once it has been asked to shut down. */
  end(conn: MessageConnection): Promise<void>;
}

/** Spawns `serverJs` with `--stdio`. */
function spawnWire(serverJs: string): Wire & { proc: ChildProcess } {
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  // A server that dies at start never answers initialize: fail with its stderr instead of waiting.
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code) =>
      reject(new Error(`the language server exited (${code}) before answering initialize: ${err.slice(-2000)}`)),
    ),
  );
  exited.catch(() => undefined);
  return {
    proc,
    exited,
    processId: process.pid,
    reader: new StreamMessageReader(proc.stdout!),
    writer: new StreamMessageWriter(proc.stdin!),
    stderr: () => err,
    async end(conn) {
      try {
        await conn.sendNotification(ExitNotification.type);
      } catch {
        /* the server may already be gone */
      }
      const gone = proc.exitCode !== null ? Promise.resolve() : new Promise((r) => proc.once('exit', r));
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(t);
    },
  };
}

const REPO = resolve(__dirname, '../../..');

/** Starts the server's sources in this process, over two streams (as tailwindcss-intellisense's tests do). */
async function inProcessWire(): Promise<Wire> {
  // Loaded on first use: the stdio-only users of this file (the benchmarks' bundles) never start a server here.
  const [{ createConnection, ProposedFeatures }, { startServer }, { sourceAnalysisPaths }] = await Promise.all([
    import('vscode-languageserver/node'),
    import('../../../server/src/startServer'),
    import('../../../server/src/analysis'),
  ]);
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  // Message readers, not node streams: given streams, vscode-languageserver exits the process when they end.
  startServer(
    createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)),
    {
      analysisPaths: sourceAnalysisPaths(REPO),
      sealKey: process.env[SEAL_KEY_ENV],
    },
  );
  return {
    reader: new StreamMessageReader(toClient),
    writer: new StreamMessageWriter(toServer),
    stderr: () => '',
    exited: new Promise<never>(() => undefined),
    // A processId makes vscode-languageserver poll it every 3 s for ever; here it is the test's own process, which cannot die first.
    processId: null,
    // The exit notification would make vscode-languageserver call process.exit, here the test's own process.
    // After shutdown the server is left alone; what it still writes is read and dropped.
    async end() {
      toClient.resume();
    },
  };
}

/** Notifications after a point in time (see LspSession.mark). */
export interface Mark {
  /** Resolves with the first notification of `type` after the mark that satisfies `pred`. */
  waitFor<P>(type: NotificationType<P>, pred: (p: P) => boolean, timeoutMs?: number, what?: string): Promise<P>;
  /** Every notification of `type` received after the mark, in order. */
  received<P>(type: NotificationType<P>): P[];
}

/** Starts the server over the default transport (stdio for `serverJs`) and runs initialize/initialized. */
export async function startLsp(settings: Record<string, unknown>, opts: StartOptions = {}): Promise<LspSession> {
  const wire =
    opts.serverJs === undefined && defaultTransport() === 'in-process'
      ? await inProcessWire()
      : spawnWire(opts.serverJs ?? SERVER_JS);
  return connect(wire, settings, opts);
}

/** Spawns the server (dist/server.js, or `serverJs`) over stdio, for tests of the process itself, and runs initialize/initialized. */
export async function startLspProcess(settings: Record<string, unknown>, opts: StartOptions = {}): Promise<LspProcess> {
  const wire = spawnWire(opts.serverJs ?? SERVER_JS);
  return Object.assign(await connect(wire, settings, opts), { proc: wire.proc });
}

async function connect(wire: Wire, settings: Record<string, unknown>, opts: StartOptions): Promise<LspSession> {
  // Another build (a benchmark's "before") may speak another registry shape: only this build's is mirrored.
  const mirroring = opts.serverJs === undefined;
  const conn = createMessageConnection(wire.reader, wire.writer);
  const pull = opts.pullConfig ?? true;
  const session: Partial<LspSession> = { settings };
  const waiters = new Set<{ method: string; check: (p: unknown) => boolean }>();
  const seen: { method: string; params: unknown }[] = [];
  const record = (method: string, params: unknown) => {
    seen.push({ method, params });
    for (const w of [...waiters]) if (w.method === method && w.check(params)) waiters.delete(w);
  };
  const mirror = new RegistryMirror();
  let resyncs = 0;
  const mirrored = (c: { changed: { after: ServerSnapshot }[]; removed: string[] }) =>
    record(serversChanged.method, { changed: c.changed.map((x) => x.after), removed: c.removed });
  conn.onNotification((method, params) => {
    record(method, params);
    if (method !== registryChanged.method || !mirroring) return;
    const c = mirror.apply(params as Parameters<RegistryMirror['apply']>[0]);
    mirrored(c);
    if (c.stale) {
      resyncs++;
      void conn.sendRequest(getRegistry).then(
        (all) => mirrored(mirror.reset(all)),
        () => undefined,
      );
    }
  });
  const receivedAfter = <P>(from: number, type: NotificationType<P>): P[] =>
    seen
      .slice(from)
      .filter((s) => s.method === type.method)
      .map((s) => s.params as P);
  const waitAfter = <P>(
    from: number,
    type: NotificationType<P>,
    pred: (p: P) => boolean,
    timeoutMs = 20_000,
    what = type.method,
  ) =>
    new Promise<P>((res, rej) => {
      for (const p of receivedAfter(from, type)) if (pred(p)) return res(p);
      const w = {
        method: type.method,
        check: (p: unknown) => {
          if (!pred(p as P)) return false;
          clearTimeout(t);
          res(p as P);
          return true;
        },
      };
      const t = setTimeout(() => {
        waiters.delete(w);
        rej(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; server stderr: ${wire.stderr().slice(-2000)}`,
          ),
        );
      }, timeoutMs);
      waiters.add(w);
    });
  const heard = (method: string, params: unknown) => opts.onServerRequest?.(method, params);
  conn.onRequest(ConfigurationRequest.type, (p) => {
    heard(ConfigurationRequest.method, p);
    return p.items.map((i) => (i.section === 'gearman' ? session.settings : null));
  });
  conn.onRequest(RegistrationRequest.type, (p) => {
    heard(RegistrationRequest.method, p);
  });
  conn.onRequest('window/workDoneProgress/create', (p: unknown) => {
    heard('window/workDoneProgress/create', p);
    return null;
  });
  // Anything else is unknown to this client, as to an editor that does not implement it.
  conn.onRequest((method: string, params: unknown) => {
    heard(method, params);
    return new ResponseError(ErrorCodes.MethodNotFound, `the test client does not handle ${method}`);
  });
  conn.listen();
  const init = await Promise.race([
    wire.exited,
    conn.sendRequest(InitializeRequest.type, {
      processId: wire.processId,
      rootUri: opts.rootUri ?? null,
      capabilities: opts.capabilities ?? (pull ? DEFAULT_CAPABILITIES : {}),
      initializationOptions: opts.initializationOptions,
      workspaceFolders: opts.rootUri ? [{ uri: opts.rootUri, name: 'ws' }] : null,
    }),
  ]);
  await conn.sendNotification(InitializedNotification.type, {});
  Object.assign(session, {
    conn,
    init,
    async setSettings(s: Record<string, unknown>) {
      session.settings = s;
      await conn.sendNotification(DidChangeConfigurationNotification.type, { settings: pull ? null : { gearman: s } });
    },
    waitFor: <P>(type: NotificationType<P>, pred: (p: P) => boolean, timeoutMs?: number, what?: string) =>
      waitAfter(0, type, pred, timeoutMs, what),
    mark(): Mark {
      const from = seen.length;
      return {
        waitFor: (type, pred, timeoutMs, what) => waitAfter(from, type, pred, timeoutMs, what),
        received: (type) => receivedAfter(from, type),
      };
    },
    stderr: () => wire.stderr(),
    servers: () => mirror.list(),
    resyncs: () => resyncs,
    received: <P>(type: NotificationType<P>) => receivedAfter(0, type),
    async close() {
      try {
        await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      } catch {
        /* the server may already be gone */
      }
      await wire.end(conn);
      conn.dispose();
    },
  });
  return session as LspSession;
}
