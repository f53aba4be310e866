// End-to-end timings through the real server over stdio: cold index of a workspace, diagnostics
// after a one-line edit (didChange sent → publishDiagnostics of that version received), completion
// latency, and the server's RSS.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, PublishDiagnosticsNotification,
  WorkDoneProgress, WorkDoneProgressCreateRequest, type PublishDiagnosticsParams, type WorkDoneProgressCreateParams,
} from 'vscode-languageserver-protocol';
import { startLsp, type LspSession } from '../../test/lsp/support/lspClient';
import { median, percentile } from './inProcess';

/** What the LSP run measured. */
export interface LspTimes {
  indexMs: number;
  rssAfterIndexMiB: number;
  rssAfterOpenMiB: number;
  editToDiagnosticsMs: number;
  editToDiagnosticsP95Ms: number;
  completionP50Ms: number;
  completionP95Ms: number;
  completionItems: number;
  diagnosticsOnBigFile: number;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Starts the server on `workspace` with `port` as the only gearmand, then edits and completes in `bigFile`. */
export async function overLsp(workspace: string, bigFile: { path: string; text: string }, port: number, edits: number, completions: number): Promise<LspTimes> {
  let lsp: LspSession | undefined;
  try {
    const started = performance.now();
    lsp = await startLsp({ servers: [{ name: 'bench', host: '127.0.0.1', port }], refreshInterval: 5 }, { rootUri: pathToFileURL(workspace).href });
    const session = lsp;
    const indexed = new Promise<number>((resolve) => {
      session.conn.onRequest(WorkDoneProgressCreateRequest.method, (p: WorkDoneProgressCreateParams) => {
        session.conn.onProgress(WorkDoneProgress.type, p.token, (v) => { if (v.kind === 'end') resolve(performance.now()); });
        return null;
      });
    });
    const indexMs = (await indexed) - started;
    const rssAfterIndexMiB = rssMiB(lsp.proc.pid!);

    const uri = pathToFileURL(bigFile.path).href;
    const lines = bigFile.text.split('\n');
    let version = 1;
    const diagnosticsFor = (v: number) =>
      session.waitFor(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => p.uri === uri && p.version === v, 60_000, `diagnostics v${v}`);
    const first = diagnosticsFor(version);
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'php', version, text: bigFile.text } });
    const firstDiags = await first;
    // Wait until the registry has answered, so edits are checked against live data.
    await session.waitFor(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => p.uri === uri && p.diagnostics.length > 0, 30_000, 'live diagnostics').catch(() => firstDiags);
    const rssAfterOpenMiB = rssMiB(lsp.proc.pid!);

    const callLines = lines.map((l, i) => (l.includes("doBackground('") ? i : -1)).filter((i) => i >= 0);
    const times: number[] = [];
    let lastCount = 0;
    for (let i = 0; i < edits; i++) {
      const line = callLines[Math.floor((callLines.length * (i + 0.5)) / edits)];
      const col = lines[line].indexOf("('") + 2;
      const next = diagnosticsFor(++version);
      const t = performance.now();
      await lsp.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 6 } }, text: i % 2 ? 'resize' : 'RESIZE' }],
      });
      const d = await next;
      times.push(performance.now() - t);
      lastCount = d.diagnostics.length;
    }

    const slotLine = callLines[Math.floor(callLines.length / 2)];
    const slotCol = lines[slotLine].indexOf("('") + 2;
    const lat: number[] = [];
    let items = 0;
    for (let i = 0; i < completions; i++) {
      const t = performance.now();
      const r = await lsp.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: slotLine, character: slotCol } });
      lat.push(performance.now() - t);
      items = Array.isArray(r) ? r.length : (r?.items.length ?? 0);
    }
    return {
      indexMs, rssAfterIndexMiB, rssAfterOpenMiB,
      editToDiagnosticsMs: median(times), editToDiagnosticsP95Ms: percentile(times, 95),
      completionP50Ms: percentile(lat, 50), completionP95Ms: percentile(lat, 95), completionItems: items,
      diagnosticsOnBigFile: lastCount,
    };
  } finally {
    await lsp?.close();
  }
}
