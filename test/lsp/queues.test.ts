// Queues over time, queue latency and watches against a real gearmand: the worker is stopped
// and jobs are queued; each threshold raises one notification per episode, every one clears
// when the worker returns and drains the queue, and the history and dashboard show the queue.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol';
import {
  activeWatchAlerts,
  dashboard,
  logMessage,
  queueHistory,
  refreshRegistry,
  watchAlert,
} from '../../server/src/protocol';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

describe('queues and watches over stdio', () => {
  let gd: GearmandHandle;
  let worker: CliWorker | undefined;
  let lsp: LspSession;
  let id: string;

  beforeAll(async () => {
    gd = await startGearmand();
    id = `127.0.0.1:${gd.port}`;
    worker = startCliWorker(gd.port, ['wt_fn'], ['cat']);
    lsp = await startLsp(
      {
        servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }],
        refreshInterval: 1,
        watches: [
          { function: 'wt_fn', queueAbove: 2, noWorkerForSec: 1, latencyAboveSec: 1 },
          { function: 'wt_fn', bogus: 1 },
        ],
      },
      { initializationOptions: { client: 'vscode-gearman' } },
    );
    await lsp.waitFor(serversChanged, (d) =>
      d.changed.some((s) => s.id === id && s.functions.some((f) => f.name === 'wt_fn' && f.workers === 1)),
    );
  });
  afterAll(async () => {
    await lsp?.close();
    await worker?.stop();
    await gd?.stop();
  });

  it('a watch with no view open keeps polling, says a bad entry is ignored, raises one alert per threshold per episode, and clears them on recovery', async () => {
    await lsp.waitFor(logMessage, (m) => m.message.includes('gearman.watches[1] has unknown keys "bogus"'));
    await worker!.stop();
    worker = undefined;
    await lsp.waitFor(serversChanged, (d) =>
      d.changed.some((s) => s.id === id && s.functions.some((f) => f.name === 'wt_fn' && f.workers === 0)),
    );
    for (let i = 0; i < 3; i++)
      expect(
        spawnSync('gearman', ['-h', '127.0.0.1', '-p', String(gd.port), '-b', '-f', 'wt_fn', `job${i}`]).status,
      ).toBe(0);
    const raised = (reason: string) =>
      lsp.waitFor(
        watchAlert,
        (a) => a.active && a.alert.reason === reason && a.alert.serverId === id,
        30_000,
        `a ${reason} alert`,
      );
    const queue = await raised('queue');
    expect(queue.alert.message).toBe('wt_fn on local: 3 jobs queued, more than 2.');
    expect((await raised('noWorker')).alert.message).toMatch(
      /^wt_fn on local: no worker for \d+ s with 3 jobs queued \(threshold 1 s\)\.$/,
    );
    expect((await raised('latency')).alert.message).toMatch(
      /^wt_fn on local: the oldest queued job has waited \d+ s or more \(counted from when this editor first saw it\), more than 1 s\.$/,
    );
    await lsp.waitFor(
      logMessage,
      (m) => m.level === 'warn' && m.message === 'Watch: wt_fn on local: 3 jobs queued, more than 2.',
    );
    // More polls in the same episode: no new notification.
    await lsp.conn.sendRequest(refreshRegistry, {});
    await lsp.conn.sendRequest(refreshRegistry, {});
    expect((await lsp.conn.sendRequest(activeWatchAlerts)).map((a) => a.reason).sort()).toEqual([
      'latency',
      'noWorker',
      'queue',
    ]);
    expect(lsp.received(watchAlert).filter((a) => a.active)).toHaveLength(3);

    const h = await lsp.conn.sendRequest(queueHistory, { serverId: id, function: 'wt_fn', rangeSec: 300 });
    expect(Math.max(...h.queued.map((q) => q ?? 0))).toBe(3);
    expect(h.latency).toMatchObject({ function: 'wt_fn', queued: 3, estimate: true });
    const d = await lsp.conn.sendRequest(dashboard, { serverId: id, rangeSec: 300 });
    expect(d.top[0]).toMatchObject({ name: 'wt_fn', maxQueued: 3 });
    expect(Math.max(...d.totals.queued.map((q) => q ?? 0))).toBe(3);
    expect(d.latency.map((l) => l.function)).toEqual(['wt_fn']);
    // The name's hover in code says how long the oldest job has waited (the server label escaped as markdown).
    const uri = 'file:///tmp/gearman-queues-test/client.php';
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri,
        languageId: 'php',
        version: 1,
        text: "<?php\n$client = new GearmanClient();\n$client->doBackground('wt_fn', $x);\n",
      },
    });
    const hover = await lsp.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 25 },
    });
    expect((hover?.contents as { value: string }).value).toMatch(
      /Oldest queued job on local \\\(127\\\.0\\\.0\\\.1\\:\d+\\\): waiting \d+ s or more \(an estimate: counted from when this editor first saw it\)\./,
    );
    expect(d.bound).toBe(
      'History: the last 60 minutes in 5 s buckets (highest queue of each bucket), kept by the language server from its polls.',
    );

    worker = startCliWorker(gd.port, ['wt_fn'], ['cat']);
    const cleared = (reason: string) =>
      lsp.waitFor(watchAlert, (a) => !a.active && a.alert.reason === reason, 30_000, `${reason} cleared`);
    await Promise.all([cleared('queue'), cleared('noWorker'), cleared('latency')]);
    await lsp.waitFor(
      logMessage,
      (m) => m.message === 'Watch: wt_fn on local recovered (queue back within its threshold).',
    );
    expect(await lsp.conn.sendRequest(activeWatchAlerts)).toEqual([]);
    expect(lsp.received(watchAlert)).toHaveLength(6);
  });
});
