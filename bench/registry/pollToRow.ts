// Latency from a poll to the tree row that must be redrawn, through the real language server
// (dist/server.js over stdio): one function's queue grows (a background job nobody serves), the
// benchmark asks for a poll (gearman/refresh, what the view's Refresh button sends), waits for the
// registryChanged notification that carries it (a patch, applied to the test client's mirror of
// the registry as the extension's store does), and runs the client's own row diff
// (client/src/views/treeDiff.ts) on the patched snapshot, as the Servers view does before redrawing rows.
// VS Code's own redraw of that row (getTreeItem, the DOM) is not part of this figure.
import { readFileSync } from 'node:fs';
import { changedRowKeys } from '../../client/src/views/treeDiff';
import { GearmanClient } from '../../server/src/gearman/client';
import { getRegistry, refreshRegistry, registryChanged, type ServerSnapshot } from '../../server/src/protocol';
import { serversChanged, startLspProcess } from '../../test/lsp/support/lspClient';

/** One poll, as the editor sees it. */
export interface PollToRow {
  /** gearman/refresh sent → registryChanged with the change received. */
  notifiedMs: number;
  /** changedRowKeys on the received snapshot. */
  diffMs: number;
  totalMs: number;
  /** Bytes of the registryChanged notification's params (the patch) as JSON. */
  bytes: number;
  /** JSON.stringify and JSON.parse of those params, timed in the benchmark process after the poll. */
  encodeMs: number;
  decodeMs: number;
  rows: string[];
}

/** What the language server measured. */
export interface ServerSide {
  polls: PollToRow[];
  rssMiB: number;
  peakRssMiB: number;
}

/** `rounds` polls, each after one more job was queued for `fn` (a function with no worker). */
export async function pollToRow(
  host: string,
  port: number,
  fn: string,
  rounds: number,
  expect: { functions: number; workers: number },
): Promise<ServerSide> {
  // A long interval: every poll measured is one the benchmark asked for.
  // maxRows above both counts: this measures the registry holding all of them.
  const lsp = await startLspProcess({
    servers: [{ host, port }],
    refreshInterval: 3600,
    explorer: { maxRows: 2 * Math.max(expect.functions, expect.workers) },
  });
  const client = new GearmanClient({ host, port });
  try {
    const full = (s: ServerSnapshot) => s.functions.length === expect.functions && s.workers.length === expect.workers;
    await lsp.waitFor(serversChanged, (d) => d.changed.some(full), 120_000, 'the first full poll');
    let before = (await lsp.conn.sendRequest(getRegistry)).servers[0];
    const queuedAtStart = before.functions.find((f) => f.name === fn)?.queued ?? 0;
    const polls: PollToRow[] = [];
    for (let r = 1; r <= rounds; r++) {
      await client.submit(fn, `bench ${r}`, { background: true }).result;
      let arrived = 0;
      const mark = lsp.mark();
      const seen = mark.waitFor(
        serversChanged,
        (d) => {
          const hit = d.changed.some((s) => s.functions.find((f) => f.name === fn)?.queued === queuedAtStart + r);
          if (hit) arrived = performance.now();
          return hit;
        },
        60_000,
        `the poll that shows job ${r} queued for ${fn}`,
      );
      const t0 = performance.now();
      await lsp.conn.sendRequest(refreshRegistry, {});
      const after = (await seen).changed[0];
      const delta = mark.received(registryChanged).at(-1);
      const t1 = performance.now();
      const rows = changedRowKeys(before, after);
      const t2 = performance.now();
      if (rows.length !== 1 || rows[0] !== `f/${fn}`)
        throw new Error(
          `poll ${r}: expected only the row f/${fn} to change, the diff says ${rows.join(', ') || 'none'}`,
        );
      const e0 = performance.now();
      const json = JSON.stringify(delta);
      const e1 = performance.now();
      JSON.parse(json);
      const e2 = performance.now();
      polls.push({
        notifiedMs: arrived - t0,
        diffMs: t2 - t1,
        totalMs: t2 - t0,
        bytes: Buffer.byteLength(json),
        encodeMs: e1 - e0,
        decodeMs: e2 - e1,
        rows,
      });
      before = after;
    }
    const status = readFileSync(`/proc/${lsp.proc.pid}/status`, 'utf8');
    const kib = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { polls, rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
  } finally {
    client.close();
    await lsp.close();
  }
}
