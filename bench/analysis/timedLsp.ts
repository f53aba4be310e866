// Runs the benchmark's edits against bench/out/analysis/timedServer.js (the server's sources with
// timing wrappers) and splits each edit's time into the steps the server took, measured on both
// sides of the pipe.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createMessageConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { BenchEdit, EditKind } from './edits';
import { editOverLsp, indexDone, lspSettings, openDocument, type DiagnosticsWait } from './overLsp';
import { EDIT_TIMINGS, type EditTiming } from './editTimings';

/** Where one edit's time went, in milliseconds. */
export interface EditSplit {
  kind: EditKind;
  totalMs: number;
  /** Diagnostics published for the edit (the same edits must give the same counts as on dist/server.js). */
  diagnostics: number;
  /** didChange sent → its handler entered in the server (JSON-RPC over stdio, decode). */
  toServerMs: number;
  /** tree-sitter's incremental parse inside DocumentTrees.change. */
  parseMs: number;
  /** The rest of the handler: tree.edit, shifting cached sites, changed ranges, TextDocument.update. */
  applyRestMs: number;
  /** Handler returned → the coalesced pass started (setImmediate). */
  waitMs: number;
  /** The tree-sitter query of the changed lines (CallSiteAnalyzer.extraction inside DocumentTrees.sites). */
  queryMs: number;
  /** The rest of DocumentTrees.sites: dropping, merging and sorting cached items, resolving calls, making sites. */
  sitesRestMs: number;
  /** WorkspaceIndex.sitesNamed in the pass: rebuilding the name table and looking names up. */
  indexMs: number;
  /** JSON.stringify in the pass: the dedupe key of the diagnostics. */
  stringifyMs: number;
  /** The rest of the pass until sendDiagnostics: checkSites and the rest. */
  checkMs: number;
  /** sendDiagnostics → received by the benchmark (encode, pipe, decode). */
  toClientMs: number;
}

/** Starts the timed server on `workspace`, waits for its index, opens the file, makes the edits and splits their times. */
export async function timedEdits(
  serverJs: string,
  workspace: string,
  port: number,
  file: { path: string; text: string },
  warmup: BenchEdit[],
  plan: BenchEdit[],
): Promise<EditSplit[]> {
  const proc = spawn(process.execPath, [serverJs, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: join(serverJs, '..'),
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const arrivals = new Map<string, (p: PublishDiagnosticsParams, at: number) => void>();
  let flagged: () => void = () => undefined;
  const live = new Promise<void>((resolve) => {
    flagged = resolve;
  });
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.diagnostics.length > 0) flagged();
    arrivals.get(`${p.uri}#${p.version}`)?.(p, performance.now());
  });
  conn.onRequest(ConfigurationRequest.type, (p) =>
    p.items.map((i) => (i.section === 'gearman' ? lspSettings(port) : null)),
  );
  conn.onRequest(RegistrationRequest.type, () => undefined);
  const indexed = indexDone(conn);
  conn.listen();
  const wait: DiagnosticsWait = (uri, version) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(
            new Error(`no diagnostics of version ${version} from the timed server; stderr: ${stderr.slice(-2000)}`),
          ),
        60_000,
      );
      arrivals.set(`${uri}#${version}`, (p, at) => {
        clearTimeout(t);
        resolve({ at, count: p.diagnostics.length, bytes: Buffer.byteLength(JSON.stringify(p)) });
      });
    });
  try {
    const rootUri = pathToFileURL(workspace).href;
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    await indexed;
    const uri = pathToFileURL(file.path).href;
    await openDocument(conn, wait, uri, file.text, 'php');
    await live; // edits are checked against live data once the registry has answered, as in the dist/server.js run
    const edits = await editOverLsp(conn, wait, uri, 1, warmup, plan);
    const timings = new Map((await conn.sendRequest<EditTiming[]>(EDIT_TIMINGS)).map((t) => [t.version, t]));
    return edits.map((e) => {
      const t = timings.get(e.version);
      if (!t || t.sent === undefined || t.passStarted === undefined)
        throw new Error(`the timed server recorded no complete timing for version ${e.version}`);
      const received = e.sentEpoch + e.ms;
      return {
        kind: e.kind,
        totalMs: e.ms,
        diagnostics: e.diagnostics,
        toServerMs: t.received - e.sentEpoch,
        parseMs: t.parseMs,
        applyRestMs: t.applied - t.received - t.parseMs,
        waitMs: t.passStarted - t.applied,
        queryMs: t.queryMs,
        sitesRestMs: t.sitesMs - t.queryMs,
        indexMs: t.indexMs,
        stringifyMs: t.stringifyMs,
        checkMs: t.sent - t.passStarted - t.sitesMs - t.indexMs - t.stringifyMs,
        toClientMs: received - t.sent,
      };
    });
  } finally {
    await Promise.race([
      conn.sendRequest(ShutdownRequest.type).then(() => conn.sendNotification(ExitNotification.type)),
      new Promise((r) => setTimeout(r, 3000)),
    ]).catch(() => undefined);
    proc.kill('SIGKILL');
    conn.dispose();
  }
}
