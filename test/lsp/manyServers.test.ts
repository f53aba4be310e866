// 50 configured servers: 38 real gearmand processes (ids are host:port, so each needs its
// own port), 10 ports where nothing listens, and 2 node servers that accept and never answer.
// The live ones keep updating, each dead one has a readable error, and the registry answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { startGearmand, deadPort, type DeadPort, type GearmandHandle } from '../support/gearmand';
import { rawWorker, startFake, type FakeServer } from '../integration/adminFakes';
import { startLsp, type LspSession } from './support/lspClient';
import { getRegistry, type ServerSnapshot } from '../../server/src/protocol';

const LIVE = 38;
const REFUSING = 10;

describe('50 servers, 12 of them dead', () => {
  const live: GearmandHandle[] = [];
  const hanging: FakeServer[] = [];
  const refusing: DeadPort[] = [];
  let lsp: LspSession | undefined;
  let worker: Socket | undefined;

  beforeAll(async () => {
    for (let i = 0; i < LIVE; i += 8) {
      live.push(...(await Promise.all(Array.from({ length: Math.min(8, LIVE - i) }, () => startGearmand()))));
    }
    for (let i = 0; i < 2; i++)
      hanging.push(
        await startFake(() => {
          /* accepts, never answers */
        }),
      );
    for (let i = 0; i < REFUSING; i++) refusing.push(await deadPort());
  }, 120_000);
  afterAll(async () => {
    worker?.destroy();
    await lsp?.close();
    await Promise.all(hanging.map((h) => h.close()));
    await Promise.all(refusing.map((d) => d.close()));
    await Promise.all(live.map((g) => g.stop()));
  });

  it('keeps the live ones updating, gives each dead one a readable error, and answers while some hang', async () => {
    const servers = [
      ...live.map((g, i) => ({ name: `live-${i}`, host: '127.0.0.1', port: g.port })),
      ...refusing.map((d, i) => ({ name: `refusing-${i}`, host: '127.0.0.1', port: d.port })),
      ...hanging.map((h, i) => ({ name: `hanging-${i}`, host: '127.0.0.1', port: h.port })),
    ];
    expect(servers).toHaveLength(50);
    lsp = await startLsp({ servers, refreshInterval: 1 });
    // The registry as a client mirrors it from the server's deltas.
    const latest = { values: () => lsp!.servers(), get: (id: string) => lsp!.servers().find((s) => s.id === id) };
    const count = (pred: (s: ServerSnapshot) => boolean) => [...latest.values()].filter(pred).length;
    const waitUntil = async (what: string, pred: () => boolean, ms = 40_000) => {
      const end = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > end)
          throw new Error(
            `timed out waiting for ${what}; states: ${[...latest.values()].map((s) => `${s.name}=${s.health}`).join(' ')}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    await waitUntil(
      '38 live and 10 refusing',
      () =>
        count((s) => s.health === 'up') === LIVE &&
        count((s) => s.name.startsWith('refusing') && s.health === 'down') === REFUSING,
    );
    // The registry answers while a poll waits on a server that never replies.
    await waitUntil('a poll waiting on a hanging server', () =>
      hanging.some((h) => h.lines.length > 0 && h.connections > h.closedConnections),
    );
    const snap = await lsp.conn.sendRequest(getRegistry);
    expect(snap.servers).toHaveLength(50);
    for (const s of snap.servers.filter((x) => x.name.startsWith('refusing'))) {
      expect(s.error).toBe(`gearmand at ${s.id} refused the connection; is it running and listening on that port?`);
    }

    await waitUntil(
      'the hanging servers to time out',
      () => count((s) => s.name.startsWith('hanging') && s.health === 'down') === 2,
    );
    for (const s of [...latest.values()].filter((x) => x.name.startsWith('hanging'))) {
      expect(s.error).toMatch(
        new RegExp(`gearmand at ${s.id.replace(/\./g, '\\.')} did not answer \`version\` within \\d+ ms`),
      );
    }

    // A live server keeps updating: a worker that registers shows up.
    const target = live[17];
    worker = await rawWorker(target.port, ['many_servers_fn']);
    const tid = `127.0.0.1:${target.port}`;
    await waitUntil(
      'the new worker on live-17',
      () => latest.get(tid)?.functions.some((f) => f.name === 'many_servers_fn' && f.workers === 1) === true,
    );
    expect(count((s) => s.health === 'up')).toBe(LIVE);
  });
});
