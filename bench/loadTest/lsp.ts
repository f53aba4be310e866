// The language server side of the load test benchmark: the built server over stdio (as VS Code
// runs it), its RSS read from /proc, and the progress notifications it sends.
import { readFileSync } from 'node:fs';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { serversChanged, startLspProcess, type LspProcess } from '../../test/lsp/support/lspClient';
import {
  confirm,
  loadTestProgress,
  setViewVisible,
  type LoadTestParams,
  type LoadTestResult,
} from '../../server/src/protocol';

/** RSS of a process in MiB (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** A language server configured with one gearmand, confirming every question. */
export async function startServer(port: number): Promise<LspProcess> {
  const lsp = await startLspProcess(
    { servers: [{ name: 'bench', host: '127.0.0.1', port }], refreshInterval: 5 },
    { initializationOptions: { client: 'vscode-gearman' } },
  );
  lsp.conn.onRequest(confirm, () => true);
  await lsp.conn.sendNotification(setViewVisible, { visible: true });
  await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.port === port && s.health === 'up'));
  return lsp;
}

/** Runs a load test; answers the result, the progress notifications (arrival ms) and the peak RSS seen. */
export async function loadTest(
  lsp: LspProcess,
  p: LoadTestParams,
): Promise<{ result: LoadTestResult; progressAt: number[]; progressBytes: number; peakRssMiB: number }> {
  const progressAt: number[] = [];
  let progressBytes = 0;
  const sub = lsp.conn.onNotification(loadTestProgress, (x) => {
    if (x.runId !== p.runId) return;
    progressAt.push(performance.now());
    progressBytes += JSON.stringify(x).length;
  });
  let peakRssMiB = rssMiB(lsp.proc.pid!);
  const sampler = setInterval(() => {
    peakRssMiB = Math.max(peakRssMiB, rssMiB(lsp.proc.pid!));
  }, 500);
  try {
    const result = (await lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.loadTest',
      arguments: [p],
    })) as LoadTestResult;
    peakRssMiB = Math.max(peakRssMiB, rssMiB(lsp.proc.pid!));
    return { result, progressAt, progressBytes, peakRssMiB };
  } finally {
    clearInterval(sampler);
    sub.dispose();
  }
}
