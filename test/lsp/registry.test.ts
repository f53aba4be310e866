// The registry as another editor sees it: the built server over stdio against a real gearmand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGearmand, startCliWorker, deadPort, type GearmandHandle, type CliWorker } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';
import { getRegistry, registryChanged, type ServerSnapshot } from '../../server/src/protocol';

describe('registry over stdio', () => {
  let gd: GearmandHandle;
  let workers: CliWorker[] = [];
  let lsp: LspSession | undefined;

  beforeAll(async () => {
    gd = await startGearmand();
    workers = [
      startCliWorker(gd.port, ['count_lines'], ['wc', '-l']),
      startCliWorker(gd.port, ['reverse', 'upper'], ['rev']),
    ];
  });
  afterAll(async () => {
    await lsp?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await gd.stop();
  });

  const functionsWithWorkers = (s: ServerSnapshot) =>
    s.functions
      .filter((f) => f.workers > 0)
      .map((f) => f.name)
      .sort();

  it('lists exactly the functions the workers registered, and the workers', async () => {
    lsp = await startLsp({ servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 });
    const delta = await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.health === 'up' && s.workers.length === 2),
      20_000,
      'both workers',
    );
    const snap = delta.changed.find((s) => s.health === 'up')!;
    expect(snap.name).toBe('local');
    expect(snap.kind).toBe('gearmand');
    expect(snap.version).toMatch(/^1\.1\./);
    expect(functionsWithWorkers(snap)).toEqual(['count_lines', 'reverse', 'upper']);
    expect(snap.workers.map((w) => w.functions.slice().sort().join(',')).sort()).toEqual([
      'count_lines',
      'reverse,upper',
    ]);
    const all = await lsp.conn.sendRequest(getRegistry);
    expect(all.usingDefault).toBe(false);
    expect(all.polling).toBe(true); // another editor has no view to say what is visible: always polled
    expect(all.servers.map((s) => s.id)).toEqual([`127.0.0.1:${gd.port}`]);
  });

  it('sends a new version when a worker appears', async () => {
    const third = startCliWorker(gd.port, ['count_lines'], ['wc', '-l']);
    workers.push(third);
    const delta = await lsp!.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.functions.find((f) => f.name === 'count_lines')?.workers === 2),
      20_000,
      'count_lines with 2 workers',
    );
    expect(delta.removed).toEqual([]);
  });

  it('tells the editor when a poll that changed nothing answered: lastSeen alone, at the same revision', async () => {
    const {
      servers: [now],
    } = await lsp!.conn.sendRequest(getRegistry);
    const mark = lsp!.mark();
    const seen = await mark.waitFor(
      registryChanged,
      (d) => d.patches.some((p) => p.set?.lastSeen !== undefined && p.base === p.revision),
      20_000,
      'a lastSeen patch',
    );
    const p = seen.patches.find((x) => x.base === x.revision)!;
    expect(p).toEqual({ id: now.id, base: p.revision, revision: p.revision, set: { lastSeen: p.set!.lastSeen } });
    expect(p.set!.lastSeen).toBeGreaterThan(now.lastSeen!);
  });

  it('reports a server that is down with a readable error, and follows settings changes', async () => {
    const held = await deadPort();
    try {
      await lsp!.setSettings({
        servers: [
          { name: 'local', host: '127.0.0.1', port: gd.port },
          { name: 'dead', host: '127.0.0.1', port: held.port },
        ],
        refreshInterval: 1,
      });
      const delta = await lsp!.waitFor(
        serversChanged,
        (d) => d.changed.some((s) => s.name === 'dead' && s.health === 'down'),
        20_000,
        'dead server down',
      );
      const dead = delta.changed.find((s) => s.name === 'dead')!;
      expect(dead.error).toBe(
        `gearmand at 127.0.0.1:${held.port} refused the connection; is it running and listening on that port?`,
      );
    } finally {
      await held.close();
    }
  });

  it('takes settings from initializationOptions when the editor cannot answer workspace/configuration', async () => {
    const other = await startLsp(
      {},
      { pullConfig: false, initializationOptions: { gearman: { servers: [{ host: '127.0.0.1', port: gd.port }] } } },
    );
    try {
      const d = await other.waitFor(serversChanged, (x) =>
        x.changed.some((s) => s.health === 'up' && s.workers.length >= 2),
      );
      expect(functionsWithWorkers(d.changed.find((s) => s.health === 'up')!)).toContain('count_lines');
    } finally {
      await other.close();
    }
  });
});
