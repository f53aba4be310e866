// Two language servers at once (in the lsp project: two in this process, over streams): each
// keeps its own settings, registry and up-state; nothing of one leaks into the other through
// module state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRegistry } from '../../server/src/protocol';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

describe('two language servers side by side', () => {
  let gd: GearmandHandle;
  const sessions: LspSession[] = [];

  beforeAll(async () => {
    gd = await startGearmand();
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await gd?.stop();
  });

  const names = async (lsp: LspSession) => (await lsp.conn.sendRequest(getRegistry)).servers.map((s) => s.name);

  it('keep their own servers when one of them changes settings', async () => {
    const a = await startLsp({ servers: [{ name: 'alpha', host: '127.0.0.1', port: gd.port }] });
    sessions.push(a);
    const b = await startLsp({ servers: [{ name: 'beta', host: '127.0.0.1', port: gd.port }] });
    sessions.push(b);
    await a.waitFor(
      serversChanged,
      (c) => c.changed.some((s) => s.name === 'alpha' && s.health === 'up'),
      20_000,
      'alpha up',
    );
    await b.waitFor(
      serversChanged,
      (c) => c.changed.some((s) => s.name === 'beta' && s.health === 'up'),
      20_000,
      'beta up',
    );
    expect(await names(a)).toEqual(['alpha']);
    expect(await names(b)).toEqual(['beta']);

    const mark = a.mark();
    await a.setSettings({ servers: [{ name: 'gamma', host: '127.0.0.1', port: gd.port }] });
    await mark.waitFor(
      serversChanged,
      (c) => c.changed.some((s) => s.name === 'gamma'),
      20_000,
      'gamma in the first server',
    );
    expect(await names(a)).toEqual(['gamma']);
    expect(await names(b)).toEqual(['beta']);
    expect(b.servers().map((s) => [s.name, s.health])).toEqual([['beta', 'up']]);
  });
});
