// End-to-end timings through the real server (dist/server.js) over stdio: cold index of a
// workspace (checked against the number of call sites generated), diagnostics after each edit
// (didChange sent → publishDiagnostics of that version received), completion at many name slots
// of many files, cold and warm, and the server's RSS.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type WorkDoneProgressCreateParams,
} from 'vscode-languageserver-protocol';
import { startLspProcess, type LspProcess } from '../../test/lsp/support/lspClient';
import { logMessage } from '../../server/src/protocol';
import type { BenchEdit, EditKind } from './edits';

/** Server settings of every run: `port` is the only gearmand, polled every 5 s (the default). */
export const lspSettings = (port: number) => ({
  servers: [{ name: 'bench', host: '127.0.0.1', port }],
  refreshInterval: 5,
});

/** Resident set size of a process, from /proc. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Resolves at the end of the first $/progress the server creates (the workspace index), with performance.now() then. */
export function indexDone(conn: MessageConnection): Promise<number> {
  return new Promise<number>((resolve) => {
    conn.onRequest(WorkDoneProgressCreateRequest.method, (p: WorkDoneProgressCreateParams) => {
      conn.onProgress(WorkDoneProgress.type, p.token, (v) => {
        if (v.kind === 'end') resolve(performance.now());
      });
      return null;
    });
  });
}

/** One cold index over LSP. */
export interface IndexRun {
  ms: number;
  sites: number;
  rssMiB: number;
}

/** Starts the server on `workspace` `runs` times; each run times initialized → $/progress end and checks the sites the server logged. */
export async function indexOverLsp(
  workspace: string,
  port: number,
  runs: number,
  expectedSites: number,
): Promise<IndexRun[]> {
  const out: IndexRun[] = [];
  for (let r = 0; r < runs; r++) {
    const lsp = await startLspProcess(lspSettings(port), { rootUri: pathToFileURL(workspace).href });
    try {
      const started = performance.now();
      const ended = await indexDone(lsp.conn);
      const line = await lsp.waitFor(
        logMessage,
        (m) => m.message.startsWith('Indexed Gearman function names'),
        30_000,
        'the index log line',
      );
      const sites = Number(/: (\d+) call sites/.exec(line.message)?.[1]);
      if (sites !== expectedSites)
        throw new Error(
          `the server indexed ${sites} call sites ("${line.message}"); the generator wrote ${expectedSites}`,
        );
      out.push({ ms: ended - started, sites, rssMiB: rssMiB(lsp.proc.pid!) });
    } finally {
      await lsp.close();
    }
  }
  return out;
}

/** Waits for the diagnostics of `version` of `uri`; resolves with the time they arrived and what they held. */
export type DiagnosticsWait = (uri: string, version: number) => Promise<{ at: number; count: number; bytes: number }>;

/** A DiagnosticsWait on a session of test/lsp/support/lspClient.ts. */
export function sessionDiagnostics(lsp: LspProcess): DiagnosticsWait {
  return async (uri, version) => {
    let at = 0;
    const p = await lsp.waitFor(
      PublishDiagnosticsNotification.type,
      (d: PublishDiagnosticsParams) => {
        const hit = d.uri === uri && d.version === version;
        if (hit) at = performance.now();
        return hit;
      },
      60_000,
      `diagnostics of version ${version}`,
    );
    return { at, count: p.diagnostics.length, bytes: Buffer.byteLength(JSON.stringify(p)) };
  };
}

/** One edit as seen by the editor. */
export interface LspEdit {
  kind: EditKind;
  version: number;
  /** didChange sent (performance.now() and epoch ms) and diagnostics received. */
  sentAt: number;
  sentEpoch: number;
  ms: number;
  diagnostics: number;
  bytes: number;
}

/** Makes `warmup` then `plan` as didChange notifications, one at a time, each waiting for its diagnostics; returns the plan's. */
export async function editOverLsp(
  conn: MessageConnection,
  diagnostics: DiagnosticsWait,
  uri: string,
  firstVersion: number,
  warmup: BenchEdit[],
  plan: BenchEdit[],
): Promise<LspEdit[]> {
  const out: LspEdit[] = [];
  let version = firstVersion;
  for (const [i, e] of [...warmup, ...plan].entries()) {
    const v = ++version;
    const arrived = diagnostics(uri, v);
    const sentEpoch = performance.timeOrigin + performance.now();
    const sentAt = performance.now();
    await conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [{ range: e.range, text: e.text }],
    });
    const d = await arrived;
    if (i >= warmup.length)
      out.push({
        kind: e.kind,
        version: v,
        sentAt,
        sentEpoch,
        ms: d.at - sentAt,
        diagnostics: d.count,
        bytes: d.bytes,
      });
  }
  return out;
}

/** Opens a document and returns once the server published its first diagnostics. */
export async function openDocument(
  conn: MessageConnection,
  diagnostics: DiagnosticsWait,
  uri: string,
  text: string,
  languageId: string,
): Promise<void> {
  const first = diagnostics(uri, 1);
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId, version: 1, text },
  });
  await first;
}

/** One completion request. */
export interface CompletionSample {
  file: string;
  line: number;
  character: number;
  /** The first request after didOpen (the server parses the file for it), or a later one. */
  cold: boolean;
  ms: number;
  items: number;
}

/** Positions inside the quoted name of every call in `text` (two characters into the name). */
export function nameSlots(text: string): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  text.split('\n').forEach((l, line) => {
    const m = /\(\s*(?:&?\w+,\s*)?(["'])(job_|resize_image_|thumb_)/.exec(l);
    if (m) out.push({ line, character: m.index + m[0].length - m[2].length + 2 });
  });
  return out;
}

/** Completion at `slots` in order (after a didOpen of `path` when `open`: the first is then cold). Every answer must offer names. */
export async function completeIn(
  conn: MessageConnection,
  path: string,
  languageId: string,
  slots: { line: number; character: number }[],
  how: { open: boolean; close: boolean },
): Promise<CompletionSample[]> {
  const uri = pathToFileURL(path).href;
  if (how.open)
    await conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text: readFileSync(path, 'utf8') },
    });
  const out: CompletionSample[] = [];
  for (const [i, pos] of slots.entries()) {
    const t = performance.now();
    const r = await conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: pos });
    const ms = performance.now() - t;
    const items = Array.isArray(r) ? r.length : (r?.items.length ?? 0);
    if (items === 0)
      throw new Error(
        `completion at ${path}:${pos.line + 1}:${pos.character + 1} offered nothing: the benchmark would time a miss`,
      );
    out.push({ file: path, ...pos, cold: i === 0 && how.open, ms, items });
  }
  if (how.close) await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  return out;
}
